package ai.elms.gateway.teams;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A team that calls the gateway with its keys. */
@Entity
@Table(name = "teams")
class Team {

	@Id
	private String id;

	@Column(nullable = false, unique = true)
	private String name;

	@Column(name = "created_at", nullable = false)
	private Instant createdAt;

	protected Team() {
	}

	Team(String id, String name, Instant createdAt) {
		this.id = id;
		this.name = name;
		this.createdAt = createdAt;
	}

	String id() {
		return this.id;
	}

	String name() {
		return this.name;
	}

	Instant createdAt() {
		return this.createdAt;
	}

}
