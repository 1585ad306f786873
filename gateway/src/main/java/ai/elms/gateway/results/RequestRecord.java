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
		this.id = outcome.id();
		this.teamId = outcome.teamId();
		this.gateway = outcome.gateway();
		this.campaign = outcome.campaign();
		this.endpoint = outcome.endpoint();
		this.model = outcome.model();
		this.strategy = outcome.strategy();
		this.stream = outcome.stream();
		this.sloTtftMs = outcome.sloTtftMs();
		this.sloTpotMs = outcome.sloTpotMs();
		this.nodeUrl = outcome.nodeUrl();
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
		this.status = outcome.status();
		this.httpStatus = outcome.httpStatus();
		this.error = (outcome.error() != null && outcome.error().length() > 1000) ? outcome.error().substring(0, 1000)
				: outcome.error();
		this.createdAt = outcome.createdAt();
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
