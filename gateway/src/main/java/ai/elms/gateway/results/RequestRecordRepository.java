package ai.elms.gateway.results;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

interface RequestRecordRepository
		extends JpaRepository<RequestRecord, String>, JpaSpecificationExecutor<RequestRecord>, RecordBatches {

}
