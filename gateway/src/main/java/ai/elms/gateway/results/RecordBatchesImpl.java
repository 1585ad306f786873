package ai.elms.gateway.results;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.List;

import jakarta.persistence.EntityManagerFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.type.descriptor.ValueBinder;
import org.hibernate.type.descriptor.WrapperOptions;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Inserts with plain JDBC: one prepared INSERT, each record bound to it by hand, the
 * batch sent as one JDBC batch in one transaction. The gateway writes a record per
 * request, and Hibernate's insert path (a stateless session's too) spent about as much
 * CPU per record as H2 itself, resolving and grouping each value's binding.
 */
class RecordBatchesImpl implements RecordBatches {

	private static final String INSERT = """
			INSERT INTO request_records (id, team_id, gateway, campaign, endpoint, model, strategy, stream,
			    slo_ttft_ms, slo_tpot_ms, node_url, attempts, model_level, prompt_ratio, prompt_tokens,
			    completion_tokens, queue_ms, ttft_ms, tpot_ms, e2e_ms, ttft_met, tpot_met, slo_met, status,
			    http_status, error, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	/**
	 * Binds {@code created_at} as the entity's reads expect it: Hibernate writes an
	 * instant to a TIMESTAMP column as the JVM's local time on H2 and as UTC on
	 * PostgreSQL, and no single JDBC call does both.
	 */
	private final ValueBinder<Instant> createdAt;

	private final WrapperOptions options;

	@SuppressWarnings("unchecked")
	RecordBatchesImpl(JdbcTemplate jdbc, PlatformTransactionManager transactions, EntityManagerFactory entityManagers) {
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactions);
		SessionFactoryImplementor sessions = entityManagers.unwrap(SessionFactoryImplementor.class);
		this.createdAt = (ValueBinder<Instant>) sessions.getMappingMetamodel()
			.getEntityDescriptor(RequestRecord.class)
			.findAttributeMapping("createdAt")
			.getSingleJdbcMapping()
			.getJdbcValueBinder();
		this.options = sessions.getWrapperOptions();
	}

	@Override
	public void insertAll(List<RequestRecord> records) {
		this.transactions
			.executeWithoutResult((status) -> this.jdbc.batchUpdate(INSERT, records, records.size(), this::bind));
	}

	private void bind(PreparedStatement insert, RequestRecord record) throws SQLException {
		RequestOutcome outcome = record.outcome();
		insert.setString(1, outcome.id());
		insert.setString(2, outcome.teamId());
		insert.setString(3, outcome.gateway());
		insert.setString(4, outcome.campaign());
		insert.setString(5, outcome.endpoint());
		insert.setString(6, outcome.model());
		insert.setString(7, outcome.strategy());
		insert.setBoolean(8, outcome.stream());
		insert.setObject(9, outcome.sloTtftMs(), Types.DOUBLE);
		insert.setObject(10, outcome.sloTpotMs(), Types.DOUBLE);
		insert.setString(11, outcome.nodeUrl());
		insert.setInt(12, outcome.attempts());
		insert.setObject(13, outcome.modelLevel(), Types.DOUBLE);
		insert.setObject(14, outcome.promptRatio(), Types.DOUBLE);
		insert.setObject(15, outcome.promptTokens(), Types.INTEGER);
		insert.setObject(16, outcome.completionTokens(), Types.INTEGER);
		insert.setObject(17, outcome.queueMs(), Types.DOUBLE);
		insert.setObject(18, outcome.ttftMs(), Types.DOUBLE);
		insert.setObject(19, outcome.tpotMs(), Types.DOUBLE);
		insert.setDouble(20, outcome.e2eMs());
		insert.setObject(21, outcome.ttftMet(), Types.BOOLEAN);
		insert.setObject(22, outcome.tpotMet(), Types.BOOLEAN);
		insert.setObject(23, outcome.sloMet(), Types.BOOLEAN);
		insert.setString(24, outcome.status());
		insert.setInt(25, outcome.httpStatus());
		insert.setString(26, outcome.error());
		this.createdAt.bind(insert, outcome.createdAt(), 27, this.options);
	}

}
