package ai.elms.gateway.results;

import java.util.List;

import jakarta.persistence.EntityManagerFactory;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;
import org.hibernate.Transaction;

/**
 * Inserts through a stateless session: records are written once and never read back in
 * the same unit of work, so there is no persistence context to fill, snapshot or
 * dirty-check, and the inserts go out as one JDBC batch.
 */
class RecordBatchesImpl implements RecordBatches {

	private final SessionFactory sessions;

	RecordBatchesImpl(EntityManagerFactory entityManagers) {
		this.sessions = entityManagers.unwrap(SessionFactory.class);
	}

	@Override
	public void insertAll(List<RequestRecord> records) {
		try (StatelessSession session = this.sessions.openStatelessSession()) {
			session.setJdbcBatchSize(Math.max(1, records.size()));
			Transaction transaction = session.beginTransaction();
			try {
				session.insertMultiple(records);
				transaction.commit();
			}
			catch (RuntimeException ex) {
				if (transaction.isActive()) {
					transaction.rollback();
				}
				throw ex;
			}
		}
	}

}
