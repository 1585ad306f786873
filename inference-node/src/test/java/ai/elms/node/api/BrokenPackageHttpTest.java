package ai.elms.node.api;

import ai.elms.node.NodeHttpTest;
import ai.elms.node.TestPackage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A package that cannot be opened leaves the node up, answering 503, not ready and not
 * live.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class BrokenPackageHttpTest {

	@LocalServerPort
	int port;

	WebTestClient http;

	@DynamicPropertySource
	static void missingPackage(DynamicPropertyRegistry registry) {
		registry.add("elms.model", () -> TestPackage.cacheDirectory().resolve("no-such-package").toString());
		registry.add("elms.cache-dir", () -> TestPackage.cacheDirectory().toString());
	}

	@BeforeEach
	void connect() {
		this.http = WebTestClient.bindToServer().baseUrl("http://localhost:" + this.port).build();
	}

	@Test
	void answers503WithCause() {
		JsonNode error = NodeHttpTest.awaitLoadFailure(this.http);
		assertThat(error.get("code").asString()).isEqualTo("model_not_ready");
		assertThat(error.get("message").asString()).contains("failed to load", "no-such-package");
	}

	@Test
	void isNeitherReadyNorLive() {
		NodeHttpTest.awaitLoadFailure(this.http);
		// the body read, so that its buffers are released
		this.http.get()
			.uri("/actuator/health/readiness")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectBody()
			.jsonPath("$.status")
			.exists();
		this.http.get()
			.uri("/actuator/health/liveness")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("DOWN");
	}

}
