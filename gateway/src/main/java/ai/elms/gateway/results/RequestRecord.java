package ai.elms.gateway.results;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.springframework.data.domain.Persistable;

/**
 * One request the gateway answered, whatever its outcome: who, which SLO, where it went,
 * what it was served at and how long it took. Written once, never updated.
 */
@Entity
@Table(name = "request_records")
public class RequestRecord implements Persistable<String> {

	@Id
	private String id;

	@Column(name = "team_id")
	private String teamId;

	private String gateway;

	private String campaign;

	private String endpoint;

	private String model;

	private String strategy;

	private boolean stream;

	@Column(name = "slo_ttft_ms")
	private Double sloTtftMs;

	@Column(name = "slo_tpot_ms")
	private Double sloTpotMs;

	@Column(name = "node_url")
	private String nodeUrl;

	private int attempts;

	@Column(name = "model_level")
	private Double modelLevel;

	@Column(name = "prompt_ratio")
	private Double promptRatio;

	@Column(name = "prompt_tokens")
	private Integer promptTokens;

	@Column(name = "completion_tokens")
	private Integer completionTokens;

	@Column(name = "queue_ms")
	private Double queueMs;

	@Column(name = "ttft_ms")
	private Double ttftMs;

	@Column(name = "tpot_ms")
	private Double tpotMs;

	@Column(name = "e2e_ms")
	private double e2eMs;

	@Column(name = "ttft_met")
	private Boolean ttftMet;

	@Column(name = "tpot_met")
	private Boolean tpotMet;

	@Column(name = "slo_met")
	private Boolean sloMet;

	private String status;

	@Column(name = "http_status")
	private int httpStatus;

	private String error;

	@Column(name = "created_at")
	private Instant createdAt;

	protected RequestRecord() {
	}

	RequestRecord(RequestOutcome outcome) {
		// every text at most its column's width: a record the database refuses would stop
		// the recorder
		this.id = cap(outcome.id(), 64);
		this.teamId = cap(outcome.teamId(), 36);
		this.gateway = cap(outcome.gateway(), 100);
		this.campaign = cap(outcome.campaign(), 64);
		this.endpoint = cap(outcome.endpoint(), 40);
		this.model = cap(outcome.model(), 100);
		this.strategy = cap(outcome.strategy(), 32);
		this.stream = outcome.stream();
		this.sloTtftMs = outcome.sloTtftMs();
		this.sloTpotMs = outcome.sloTpotMs();
		this.nodeUrl = cap(outcome.nodeUrl(), 300);
		this.attempts = outcome.attempts();
		this.modelLevel = outcome.modelLevel();
		this.promptRatio = outcome.promptRatio();
		this.promptTokens = outcome.promptTokens();
		this.completionTokens = outcome.completionTokens();
		this.queueMs = outcome.queueMs();
		this.ttftMs = outcome.ttftMs();
		this.tpotMs = outcome.tpotMs();
		this.e2eMs = outcome.e2eMs();
		this.ttftMet = outcome.ttftMet();
		this.tpotMet = outcome.tpotMet();
		this.sloMet = outcome.sloMet();
		this.status = cap(outcome.status(), 20);
		this.httpStatus = outcome.httpStatus();
		this.error = cap(outcome.error(), 1000);
		this.createdAt = outcome.createdAt();
	}

	/**
	 * At most {@code length} characters, without NUL characters (valid in JSON, refused
	 * by PostgreSQL).
	 */
	private static String cap(String text, int length) {
		if (text == null) {
			return null;
		}
		String clean = (text.indexOf('\0') >= 0) ? text.replace("\0", "") : text;
		return (clean.length() > length) ? clean.substring(0, length) : clean;
	}

	@Override
	public String getId() {
		return this.id;
	}

	/** Always new: a record is inserted once, never merged. */
	@Override
	public boolean isNew() {
		return true;
	}

	RequestOutcome outcome() {
		return new RequestOutcome(this.id, this.teamId, this.gateway, this.campaign, this.endpoint, this.model,
				this.strategy, this.stream, this.sloTtftMs, this.sloTpotMs, this.nodeUrl, this.attempts,
				this.modelLevel, this.promptRatio, this.promptTokens, this.completionTokens, this.queueMs, this.ttftMs,
				this.tpotMs, this.e2eMs, this.ttftMet, this.tpotMet, this.sloMet, this.status, this.httpStatus,
				this.error, this.createdAt);
	}

}
