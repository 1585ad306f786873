package ai.elms.gateway.fleet;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A node registered through the admin API, shared by every gateway on the database. */
@Entity
@Table(name = "nodes")
class RegisteredNode {

	@Id
	private String id;

	@Column(nullable = false, unique = true)
	private String url;

	@Column(name = "added_at", nullable = false)
	private Instant addedAt;

	protected RegisteredNode() {
	}

	RegisteredNode(String id, String url, Instant addedAt) {
		this.id = id;
		this.url = url;
		this.addedAt = addedAt;
	}

	String id() {
		return this.id;
	}

	String url() {
		return this.url;
	}

	Instant addedAt() {
		return this.addedAt;
	}

}
