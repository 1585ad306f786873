package ai.elms.node.model;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import ai.elms.node.NodeHttpTest;
import ai.elms.node.TestPackage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Without {@code elms.model} the node serves the package its build embedded. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "elms.threads=1", "elms.profile.buckets=16", "elms.profile.runs=1",
				"elms.profile.decode-tokens=2", "elms.levels=1.0" })
@DirtiesContext
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedDefaultHttpTest {

	private static final Path CACHE = TestPackage.newCacheDirectory();

	@LocalServerPort
	int port;

	WebTestClient http;

	@DynamicPropertySource
	static void cache(DynamicPropertyRegistry registry) {
		registry.add("elms.cache-dir", CACHE::toString);
	}

	@BeforeEach
	void connect() {
		this.http = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.responseTimeout(Duration.ofMinutes(1))
			.build();
		NodeHttpTest.awaitReady(this.http);
	}

	@Test
	void servesEmbeddedDefaultPackage(CapturedOutput output) {
		// the engine's path and a chat request's path were taken before the node was
		// ready, and neither is counted
		assertThat(output.getAll()).contains("Warmed up the serving path", "Warmed up the request path");
		this.http.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectBody(String.class)
			.value((metrics) -> assertThat(metrics).contains("elms_e2e_request_latency_seconds_count 0")
				.contains("elms_time_to_first_token_seconds_count 0")
				.contains("elms_request_queue_time_seconds_count 0"));
		this.http.get().uri("/v1/models").exchange().expectBody().jsonPath("$.data[0].id").isEqualTo("elms-default");
		this.http.post()
			.uri("/v1/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("messages", List.of(Map.of("role", "user", "content", "Hello")), "max_tokens", 2,
					"temperature", 0))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.usage.completion_tokens")
			.value((Integer tokens) -> assertThat(tokens).isBetween(1, 2))
			.jsonPath("$.choices[0].message.content")
			.isNotEmpty();
	}

}
