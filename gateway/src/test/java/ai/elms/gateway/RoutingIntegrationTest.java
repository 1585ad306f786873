package ai.elms.gateway;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import ai.elms.engine.profile.LatencyProfile;
import ai.elms.gateway.results.Recorder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three real nodes of different speeds behind the gateway: tight SLOs go to the fast one,
 * a sheddable request no node can meet is refused, and a bounded load leaves exactly one
 * record per request.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "elms.gateway.admin-key=" + GatewayClient.ADMIN_KEY,
				"spring.datasource.url=jdbc:h2:mem:routing;DB_CLOSE_DELAY=-1", "elms.gateway.polling.interval=200ms",
				"elms.gateway.rate-limit.burst=1000" })
class RoutingIntegrationTest {

	@LocalServerPort
	int port;

	@Autowired
	Recorder recorder;

	GatewayClient gateway;

	@DynamicPropertySource
	static void fleet(DynamicPropertyRegistry registry) {
		registry.add("elms.gateway.nodes", () -> String.join(",", fast().toString(),
				TestNodes.node("medium", TestNodes.MEDIUM).toString(), slow().toString()));
	}

	static URI fast() {
		return TestNodes.node("fast", TestNodes.FAST);
	}

	static URI slow() {
		return TestNodes.node("slow", TestNodes.SLOW);
	}

	@BeforeEach
	void connect() {
		this.gateway = new GatewayClient(this.port);
		for (URI node : List.of(fast(), TestNodes.node("medium", TestNodes.MEDIUM), slow())) {
			this.gateway.awaitNode(node.toString(), true);
		}
	}

	@Test
	void aTightSloGoesToTheFastNode() throws Exception {
		String key = this.gateway.newTeam("tight");
		// the gateway's estimate of the request's prompt: its characters / 3.5
		int tokens = (int) Math
			.ceil(("You are a phone's assistant. ".repeat(3) + "Set an alarm for seven.").length() / 3.5);
		LatencyProfile fastProfile = profile(fast());
		LatencyProfile mediumProfile = profile(TestNodes.node("medium", TestNodes.MEDIUM));
		double fastFull = fastProfile.predictTtftMs(fastProfile.levels().size() - 1, tokens);
		double mediumFull = mediumProfile.predictTtftMs(mediumProfile.levels().size() - 1, tokens);
		assertThat(mediumFull).as("the medium node is slower at its full level").isGreaterThan(1.3 * fastFull);
		// only the fast node meets it at its full level
		double slo = (fastFull + mediumFull) / 2;
		EntityExchangeResult<String> answer = this.gateway.chat(key, GatewayClient.request(Map.of("ttft_ms", slo)),
				200);
		this.recorder.flush(Duration.ofSeconds(10));
		JsonNode record = this.gateway.record(answer.getResponseHeaders().getFirst("x-request-id"));
		assertThat(record.get("node_url").asString()).isEqualTo(fast().toString());
		assertThat(record.get("status").asString()).isEqualTo("ok");
		assertThat(record.get("attempts").asInt()).isEqualTo(1);
		assertThat(record.get("model_level").asDouble()).isPositive();
		assertThat(record.get("ttft_ms").asDouble()).isPositive();
		assertThat(record.get("completion_tokens").asInt()).isEqualTo(2);
		assertThat(GatewayClient.json(answer).get("elastic").get("model_level").asDouble())
			.isEqualTo(record.get("model_level").asDouble());
	}

	@Test
	void aSheddableRequestNoNodeCanMeetIsRefused() {
		String key = this.gateway.newTeam("shed");
		Map<String, Object> impossible = Map.of("ttft_ms", 0.001, "tpot_ms", 0.001);
		JsonNode refused = GatewayClient
			.json(this.gateway.chat(key, GatewayClient.request(impossible, "sheddable", true), 429))
			.get("error");
		assertThat(refused.get("code").asString()).isEqualTo("slo_unattainable");
		assertThat(refused.get("param").asString()).isEqualTo("slo");
		// not sheddable: served where it misses least, the fast node, and recorded as
		// missed
		EntityExchangeResult<String> served = this.gateway.chat(key, GatewayClient.request(impossible), 200);
		assertThat(GatewayClient.json(served).get("choices")).hasSize(1);
	}

	@Test
	void underLoadEveryRequestGetsExactlyOneRecord() throws Exception {
		String key = this.gateway.newTeam("load");
		int clients = 8;
		int perClient = 25;
		WebClient web = WebClient.create("http://127.0.0.1:" + this.port);
		ExecutorService pool = Executors.newFixedThreadPool(clients);
		List<Future<List<String>>> results = new ArrayList<>();
		for (int c = 0; c < clients; c++) {
			results.add(pool.submit(() -> {
				List<String> ids = new ArrayList<>();
				for (int r = 0; r < perClient; r++) {
					var response = web.post()
						.uri("/v1/chat/completions")
						.header("Authorization", "Bearer " + key)
						.bodyValue(GatewayClient.request(null))
						.retrieve()
						.toEntity(String.class)
						.block(Duration.ofMinutes(1));
					assertThat(response.getStatusCode().value()).isEqualTo(200);
					ids.add(response.getHeaders().getFirst("x-request-id"));
				}
				return ids;
			}));
		}
		Set<String> sent = new HashSet<>();
		for (Future<List<String>> result : results) {
			sent.addAll(result.get());
		}
		pool.shutdown();
		assertThat(sent).hasSize(clients * perClient);
		assertThat(this.recorder.flush(Duration.ofSeconds(30))).isTrue();
		Set<String> recorded = new HashSet<>();
		long total = -1;
		for (int page = 0; total < 0 || recorded.size() < total; page++) {
			JsonNode found = GatewayClient.json(this.gateway.get("/v1/results?size=100&page=" + page, key, 200));
			total = found.get("total").asLong();
			if (found.get("data").isEmpty()) {
				break;
			}
			found.get("data").forEach((record) -> recorded.add(record.get("id").asString()));
		}
		assertThat(total).isEqualTo(clients * perClient);
		assertThat(recorded).isEqualTo(sent);
	}

	private static LatencyProfile profile(URI node) {
		return WebClient.create(node.toString())
			.get()
			.uri("/v1/elastic/profile")
			.retrieve()
			.bodyToMono(LatencyProfile.class)
			.block(Duration.ofSeconds(10));
	}

}
