package ai.elms.gateway;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import ai.elms.engine.profile.LatencyProfile;
import ai.elms.gateway.results.Recorder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Nodes that fail: one answering 500 and one that hangs are retried on a real node and
 * broken off; one that dies mid-stream ends the stream with an error event; a killed node
 * is routed around. The failing nodes look fastest, so that routing picks them first.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "elms.gateway.admin-key=" + GatewayClient.ADMIN_KEY,
				"spring.datasource.url=jdbc:h2:mem:failover;DB_CLOSE_DELAY=-1", "elms.gateway.polling.interval=200ms",
				"elms.gateway.polling.timeout=500ms", "elms.gateway.retry.first-byte-timeout=3s",
				"elms.gateway.breaker.window=4", "elms.gateway.breaker.open-for=10m",
				"elms.gateway.rate-limit.burst=1000" })
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverIntegrationTest {

	@LocalServerPort
	int port;

	@Autowired
	Recorder recorder;

	GatewayClient gateway;

	String key;

	@DynamicPropertySource
	static void fleet(DynamicPropertyRegistry registry) {
		registry.add("elms.gateway.nodes", () -> fast() + "," + victim());
	}

	static URI fast() {
		return TestNodes.node("fast", TestNodes.FAST);
	}

	static URI victim() {
		return TestNodes.node("victim", TestNodes.FAST);
	}

	@BeforeEach
	void connect() {
		this.gateway = new GatewayClient(this.port);
		this.gateway.awaitNode(fast().toString(), true);
		this.key = this.gateway.newTeam("failover-" + System.nanoTime());
	}

	/** An SLO only the faulty nodes' (ten times faster) profiles meet. */
	private static Map<String, Object> onlyFaultyNodesMeet() {
		LatencyProfile profile = WebClient.create(fast().toString())
			.get()
			.uri("/v1/elastic/profile")
			.retrieve()
			.bodyToMono(LatencyProfile.class)
			.block(Duration.ofSeconds(10));
		return Map.of("ttft_ms", profile.predictTtftMs(0, 16) / 2);
	}

	private JsonNode recordOf(EntityExchangeResult<String> answer) throws InterruptedException {
		this.recorder.flush(Duration.ofSeconds(10));
		return this.gateway.record(answer.getResponseHeaders().getFirst("x-request-id"));
	}

	@Test
	@Order(1)
	void aNodeAnswering500IsRetriedThenBrokenOff() throws Exception {
		try (FaultyNode faulty = new FaultyNode(FaultyNode.Fault.ERROR, fast())) {
			this.gateway.admin("POST", "/admin/nodes", Map.of("url", faulty.url().toString()), 201);
			this.gateway.awaitNode(faulty.url().toString(), true);
			Map<String, Object> slo = onlyFaultyNodesMeet();
			for (int i = 0; i < 6; i++) {
				EntityExchangeResult<String> answer = this.gateway.chat(this.key, GatewayClient.request(slo), 200);
				JsonNode record = recordOf(answer);
				assertThat(record.get("status").asString()).isEqualTo("ok");
				assertThat(record.get("node_url").asString()).isNotEqualTo(faulty.url().toString());
				assertThat(record.get("attempts").asInt()).isEqualTo((i < 3) ? 2 : 1);
			}
			// three failures in a row opened its breaker: it is tried no more
			assertThat(faulty.completions()).isEqualTo(3);
			assertThat(this.gateway.node(faulty.url().toString()).get("breaker").asString()).isEqualTo("open");
		}
	}

	@Test
	@Order(2)
	void aHangingNodeIsGivenUpAfterTheFirstByteTimeout() throws Exception {
		try (FaultyNode hanging = new FaultyNode(FaultyNode.Fault.HANG, fast())) {
			this.gateway.admin("POST", "/admin/nodes", Map.of("url", hanging.url().toString()), 201);
			this.gateway.awaitNode(hanging.url().toString(), true);
			EntityExchangeResult<String> answer = this.gateway.chat(this.key,
					GatewayClient.request(onlyFaultyNodesMeet()), 200);
			JsonNode record = recordOf(answer);
			assertThat(record.get("attempts").asInt()).isEqualTo(2);
			assertThat(record.get("node_url").asString()).isNotEqualTo(hanging.url().toString());
			assertThat(record.get("e2e_ms").asDouble()).isGreaterThanOrEqualTo(3000);
			assertThat(hanging.completions()).isEqualTo(1);
			// a client that gives up while the node hangs: its slot there is freed, and
			// recorded
			assertThatExceptionOfType(RuntimeException.class)
				.isThrownBy(() -> WebClient.create("http://127.0.0.1:" + this.port)
					.post()
					.uri("/v1/chat/completions")
					.header("Authorization", "Bearer " + this.key)
					.bodyValue(GatewayClient.request(onlyFaultyNodesMeet()))
					.retrieve()
					.bodyToMono(String.class)
					.block(Duration.ofMillis(1000)));
			org.awaitility.Awaitility.await()
				.atMost(Duration.ofSeconds(10))
				.until(() -> this.gateway.node(hanging.url().toString()).get("load").asInt() == 0);
			this.recorder.flush(Duration.ofSeconds(10));
			JsonNode cancelled = GatewayClient.json(this.gateway.get("/v1/results?status=cancelled", this.key, 200));
			assertThat(cancelled.get("total").asInt()).isEqualTo(1);
			assertThat(cancelled.get("data").get(0).get("http_status").asInt()).isEqualTo(499);
		}
	}

	@Test
	@Order(3)
	void aNodeDyingMidStreamEndsTheStreamWithAnErrorEvent() throws Exception {
		try (FaultyNode breaking = new FaultyNode(FaultyNode.Fault.BREAK, fast())) {
			this.gateway.admin("POST", "/admin/nodes", Map.of("url", breaking.url().toString()), 201);
			this.gateway.awaitNode(breaking.url().toString(), true);
			EntityExchangeResult<String> answer = this.gateway.http.post()
				.uri("/v1/chat/completions")
				.header("Authorization", "Bearer " + this.key)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(GatewayClient.request(onlyFaultyNodesMeet(), "stream", true))
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.returnResult();
			assertThat(answer.getResponseBody()).contains("\"Hel\"").contains("\"lo\"").contains("\"node_failed\"");
			JsonNode record = recordOf(answer);
			assertThat(record.get("status").asString()).isEqualTo("broken");
			assertThat(record.get("node_url").asString()).isEqualTo(breaking.url().toString());
			assertThat(record.get("error").asString()).contains("in the middle of its answer");
		}
	}

	@Test
	@Order(4)
	void aKilledNodeIsRoutedAround() throws Exception {
		this.gateway.awaitNode(victim().toString(), true);
		String victimUrl = victim().toString();
		TestNodes.kill("victim");
		for (int i = 0; i < 8; i++) {
			EntityExchangeResult<String> answer = this.gateway.chat(this.key, GatewayClient.request(null), 200);
			JsonNode record = recordOf(answer);
			assertThat(record.get("node_url").asString()).isEqualTo(fast().toString());
		}
		this.gateway.awaitNode(victimUrl, false);
		assertThat(this.gateway.node(victimUrl).get("problem").asString()).contains("not ready");
	}

}
