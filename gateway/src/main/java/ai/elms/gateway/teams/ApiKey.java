package ai.elms.gateway.teams;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A team's API key, stored as its SHA-256; the prefix names it in lists. */
@Entity
@Table(name = "api_keys")
class ApiKey {

	@Id
	private String id;

	@Column(name = "team_id", nullable = false)
	private String teamId;

	@Column(name = "key_hash", nullable = false, unique = true, length = 64)
	private String keyHash;

	@Column(nullable = false)
	private String prefix;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	@Column(name = "revoked_at")
	private Instant revokedAt;

	protected ApiKey() {
	}

	ApiKey(String id, String teamId, String keyHash, String prefix, Instant createdAt) {
		this.id = id;
		this.teamId = teamId;
		this.keyHash = keyHash;
		this.prefix = prefix;
		this.createdAt = createdAt;
	}

	String id() {
		return this.id;
	}

	String teamId() {
		return this.teamId;
	}

	String keyHash() {
		return this.keyHash;
	}

	String prefix() {
		return this.prefix;
	}

	Instant createdAt() {
		return this.createdAt;
	}

	Instant revokedAt() {
		return this.revokedAt;
	}

	void revoke(Instant at) {
		if (this.revokedAt == null) {
			this.revokedAt = at;
		}
	}

}
