package ai.elms.gateway.results;

import java.util.List;

/** The repository's write path: records inserted many at a time. */
interface RecordBatches {

	/** Inserts the records in one transaction, as one JDBC batch. */
	void insertAll(List<RequestRecord> records);

}
