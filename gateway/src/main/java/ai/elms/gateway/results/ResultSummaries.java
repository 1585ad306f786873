package ai.elms.gateway.results;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Tuple;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Root;
import org.hibernate.jpa.HibernateHints;

import org.springframework.data.jpa.domain.Specification;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sums records up by a key. Every matching record counts: their few figures are read as a
 * stream of rows (a cursor, in a read-only transaction), never as entities, so a summary
 * of millions of records holds three numbers per record, for the exact percentiles, and
 * nothing else.
 */
@Component
class ResultSummaries {

	/** Rows the database sends at a time. */
	private static final int FETCH = 10_000;

	/** The keys a summary groups by, and the attribute each reads. */
	static final Map<String, String> KEYS = Map.of("team", "teamId", "node", "nodeUrl", "level", "modelLevel",
			"strategy", "strategy", "campaign", "campaign");

	private final EntityManager entities;

	private final TransactionTemplate readOnly;

	ResultSummaries(EntityManager entities, PlatformTransactionManager transactions) {
		this.entities = entities;
		this.readOnly = new TransactionTemplate(transactions);
		this.readOnly.setReadOnly(true);
	}

	/**
	 * The summary body: the groups by {@code by} (one of {@link #KEYS}), and all
	 * together.
	 * @param from the range's start, or null for the first record's receipt
	 * @param to the range's end, or null for the last record's end
	 */
	Map<String, Object> summarize(Specification<RequestRecord> spec, String by, Instant from, Instant to) {
		return this.readOnly.execute((status) -> {
			CriteriaBuilder cb = this.entities.getCriteriaBuilder();
			CriteriaQuery<Tuple> query = cb.createTupleQuery();
			Root<RequestRecord> root = query.from(RequestRecord.class);
			query.multiselect(root.get(KEYS.get(by)), root.get("status"), root.get("sloMet"), root.get("ttftMs"),
					root.get("tpotMs"), root.get("e2eMs"), root.get("createdAt"));
			query.where(spec.toPredicate(root, query, cb));
			Map<String, Group> groups = new TreeMap<>();
			Group all = new Group("all");
			try (Stream<Tuple> rows = this.entities.createQuery(query)
				.setHint(HibernateHints.HINT_FETCH_SIZE, FETCH)
				.setHint(HibernateHints.HINT_READ_ONLY, true)
				.getResultStream()) {
				rows.forEach((row) -> {
					String key = Objects.toString(row.get(0), "none");
					groups.computeIfAbsent(key, Group::new).add(row);
					all.add(row);
				});
			}
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("by", by);
			body.put("groups", groups.values().stream().map((group) -> group.summary(from, to)).toList());
			body.put("overall", all.summary(from, to));
			return body;
		});
	}

	/** A group's running figures. */
	private static final class Group {

		private final String key;

		private int requests;

		private int ok;

		private int withSlo;

		private int met;

		private int good;

		private Instant first;

		private Instant last;

		private final Values ttft = new Values();

		private final Values tpot = new Values();

		private final Values e2e = new Values();

		Group(String key) {
			this.key = key;
		}

		void add(Tuple row) {
			boolean answered = "ok".equals(row.get(1));
			Boolean sloMet = (Boolean) row.get(2);
			double e2eMs = (Double) row.get(5);
			Instant created = (Instant) row.get(6);
			this.requests++;
			this.ok += answered ? 1 : 0;
			if (sloMet != null) {
				this.withSlo++;
				this.met += sloMet ? 1 : 0;
			}
			this.good += (answered && !Boolean.FALSE.equals(sloMet)) ? 1 : 0;
			this.ttft.add((Double) row.get(3));
			this.tpot.add((Double) row.get(4));
			this.e2e.add(e2eMs);
			Instant end = created.plusNanos((long) (e2eMs * 1e6));
			this.first = (this.first == null || created.isBefore(this.first)) ? created : this.first;
			this.last = (this.last == null || end.isAfter(this.last)) ? end : this.last;
		}

		Summary summary(Instant from, Instant to) {
			Instant start = (from != null) ? from : Objects.requireNonNullElse(this.first, Instant.EPOCH);
			Instant end = (to != null) ? to : Objects.requireNonNullElse(this.last, start);
			double seconds = Math.max(1e-3, Duration.between(start, end).toNanos() / 1e9);
			return new Summary(this.key, this.requests, this.ok, this.withSlo, this.met,
					(this.withSlo > 0) ? (double) this.met / this.withSlo : null, this.good / seconds,
					this.ttft.percentiles(), this.tpot.percentiles(), this.e2e.percentiles());
		}

	}

	/** A growing array of one figure's values. */
	private static final class Values {

		private double[] values = new double[64];

		private int size;

		void add(Double value) {
			if (value == null) {
				return;
			}
			if (this.size == this.values.length) {
				this.values = Arrays.copyOf(this.values, this.size * 2);
			}
			this.values[this.size++] = value;
		}

		Percentiles percentiles() {
			if (this.size == 0) {
				return new Percentiles(null, null, null);
			}
			double[] sorted = Arrays.copyOf(this.values, this.size);
			Arrays.sort(sorted);
			return new Percentiles(rank(sorted, 0.5), rank(sorted, 0.9), rank(sorted, 0.99));
		}

		/** Nearest rank, to the microsecond. */
		private static double rank(double[] sorted, double q) {
			int index = (int) Math.ceil(q * sorted.length) - 1;
			return Math.round(sorted[Math.max(0, Math.min(sorted.length - 1, index))] * 1000) / 1000.0;
		}

	}

	/**
	 * A group's figures.
	 *
	 * @param key the group: a team, node, level, strategy or campaign
	 * @param requests its records
	 * @param ok those answered in full
	 * @param withSlo those with an SLO
	 * @param sloMet those with an SLO that met it
	 * @param attainment sloMet / withSlo (null without any)
	 * @param goodputRps requests answered in full within their SLO (or without one), per
	 * second of the time range (the filters', else from the first record to the last)
	 * @param ttftMs TTFT percentiles of the records that have one
	 * @param tpotMs TPOT percentiles of the records that have one
	 * @param e2eMs end-to-end percentiles
	 */
	record Summary(String key, int requests, int ok, int withSlo, int sloMet, Double attainment, double goodputRps,
			Percentiles ttftMs, Percentiles tpotMs, Percentiles e2eMs) {
	}

	/** p50, p90 and p99 of the records that have the value (nearest rank). */
	record Percentiles(Double p50, Double p90, Double p99) {
	}

}
