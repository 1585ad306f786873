package ai.elms.gateway;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import ai.elms.gateway.results.Recorder;
import ai.elms.gateway.results.RequestOutcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Teams, keys and the admin API; bad input; the results API. One real node behind the
 * gateway.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "elms.gateway.admin-key=" + GatewayClient.ADMIN_KEY,
				"spring.datasource.url=jdbc:h2:mem:admin;DB_CLOSE_DELAY=-1", "elms.gateway.polling.interval=200ms",
				"elms.gateway.rate-limit.burst=6", "elms.gateway.rate-limit.requests-per-second=0.2" })
class AdminAndResultsTest {

	@LocalServerPort
	int port;

	@Autowired
	Recorder recorder;

	GatewayClient gateway;

	@DynamicPropertySource
	static void fleet(DynamicPropertyRegistry registry) {
		registry.add("elms.gateway.nodes", () -> TestNodes.node("fast", TestNodes.FAST).toString());
	}

	@BeforeEach
	void connect() {
		this.gateway = new GatewayClient(this.port);
		this.gateway.awaitNode(TestNodes.node("fast", TestNodes.FAST).toString(), true);
	}

	@Test
	void requestsNeedALiveKey() {
		JsonNode missing = GatewayClient
			.json(this.gateway.http.post()
				.uri("/v1/chat/completions")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(GatewayClient.request(null))
				.exchange()
				.expectStatus()
				.isUnauthorized()
				.expectBody(String.class)
				.returnResult())
			.get("error");
		assertThat(missing.get("code").asString()).isEqualTo("invalid_api_key");
		assertThat(missing.get("type").asString()).isEqualTo("invalid_request_error");
		JsonNode wrong = GatewayClient.json(this.gateway.chat("elms-not-a-key", GatewayClient.request(null), 401))
			.get("error");
		assertThat(wrong.get("code").asString()).isEqualTo("invalid_api_key");

		JsonNode created = this.gateway.admin("POST", "/admin/teams", Map.of("name", "keys"), 201);
		String key = created.get("key").asString();
		assertThat(key).startsWith("elms-").startsWith(created.get("prefix").asString());
		this.gateway.chat(key, GatewayClient.request(null), 200);
		// the list shows the key's prefix, never the key
		JsonNode teams = this.gateway.admin("GET", "/admin/teams", null, 200);
		assertThat(teams.toString()).contains(created.get("prefix").asString()).doesNotContain(key);
		this.gateway.admin("POST", "/admin/teams", Map.of("name", "keys"), 409);

		this.gateway.admin("DELETE", "/admin/keys/" + created.get("key_id").asString(), null, 204);
		this.gateway.chat(key, GatewayClient.request(null), 401);
		this.gateway.admin("DELETE", "/admin/keys/no-such-key", null, 404);
		// a second key of the team works
		JsonNode second = this.gateway.admin("POST", "/admin/teams/" + created.get("team_id").asString() + "/keys",
				null, 201);
		this.gateway.chat(second.get("key").asString(), GatewayClient.request(null), 200);
	}

	@Test
	void aRecordWithTextsWiderThanItsColumnsIsWrittenCut() throws Exception {
		String team = this.gateway.admin("POST", "/admin/teams", Map.of("name", "wide"), 201).get("team_id").asString();
		String wide = "m".repeat(500);
		this.recorder.record(new RequestOutcome("req-wide", team, "gateway", null, "chat.completions", wide, wide,
				false, null, null, "http://127.0.0.1:1", 1, null, null, null, null, null, null, null, 1.0, null, null,
				null, "ok", 200, "e".repeat(5000), Instant.now()));
		assertThat(this.recorder.flush(Duration.ofSeconds(10))).isTrue();
		JsonNode record = GatewayClient.json(this.gateway.get("/v1/results?team=" + team, GatewayClient.ADMIN_KEY, 200))
			.get("data")
			.get(0);
		assertThat(record.get("model").asString()).hasSize(100);
		assertThat(record.get("strategy").asString()).hasSize(32);
		assertThat(record.get("error").asString()).hasSize(1000);
	}

	@Test
	void aRecordTheDatabaseRefusesHoldsNoOtherBack() throws Exception {
		String team = this.gateway.admin("POST", "/admin/teams", Map.of("name", "refused"), 201)
			.get("team_id")
			.asString();
		RequestOutcome twice = outcome("req-twice", team, "first");
		this.recorder.record(twice);
		// the same id again: the primary key refuses it, whatever batch it lands in
		this.recorder.record(twice);
		this.recorder.record(outcome("req-after", team, "nul \0 in a text"));
		assertThat(this.recorder.flush(Duration.ofSeconds(10))).isTrue();
		JsonNode records = GatewayClient
			.json(this.gateway.get("/v1/results?team=" + team, GatewayClient.ADMIN_KEY, 200))
			.get("data");
		assertThat(records.findValuesAsString("id")).containsExactlyInAnyOrder("req-twice", "req-after");
		assertThat(records.findValuesAsString("error")).contains("nul  in a text");
	}

	@Test
	void aSummaryCountsEveryRecordWithExactPercentiles() throws Exception {
		String team = this.gateway.admin("POST", "/admin/teams", Map.of("name", "percentiles"), 201)
			.get("team_id")
			.asString();
		Instant start = Instant.parse("2026-01-01T00:00:00Z");
		for (int i = 1; i <= 10; i++) {
			this.recorder.record(new RequestOutcome("req-p" + i, team, "gateway", null, "chat.completions", "m",
					(i <= 4) ? "full" : "elastic", false, 5.0, null, "http://127.0.0.1:1", 1, null, null, null, null,
					null, (double) i, null, 1000.0, i <= 7, null, i <= 7, "ok", 200, null, start.plusSeconds(i - 1)));
		}
		assertThat(this.recorder.flush(Duration.ofSeconds(10))).isTrue();
		JsonNode summary = GatewayClient
			.json(this.gateway.get("/v1/results/summary?by=strategy&team=" + team, GatewayClient.ADMIN_KEY, 200));
		JsonNode overall = summary.get("overall");
		assertThat(overall.get("requests").asInt()).isEqualTo(10);
		assertThat(overall.get("attainment").asDouble()).isEqualTo(0.7);
		assertThat(overall.get("ttft_ms").get("p50").asDouble()).isEqualTo(5.0);
		assertThat(overall.get("ttft_ms").get("p90").asDouble()).isEqualTo(9.0);
		assertThat(overall.get("ttft_ms").get("p99").asDouble()).isEqualTo(10.0);
		// 7 answered within their SLO over 10 s: the first receipt to the last record's
		// end
		assertThat(overall.get("goodput_rps").asDouble()).isCloseTo(0.7, org.assertj.core.data.Offset.offset(1e-9));
		assertThat(summary.get("groups").findValuesAsString("key")).containsExactly("elastic", "full");
		assertThat(summary.get("groups").get(1).get("requests").asInt()).isEqualTo(4);
		assertThat(summary.get("groups").get(1).get("ttft_ms").get("p50").asDouble()).isEqualTo(2.0);
	}

	private static RequestOutcome outcome(String id, String team, String error) {
		return new RequestOutcome(id, team, "gateway", null, "chat.completions", "m", "elastic", false, null, null,
				"http://127.0.0.1:1", 1, null, null, null, null, null, null, null, 1.0, null, null, null, "ok", 200,
				error, Instant.now());
	}

	@Test
	void modelsAreTheFleets() {
		String key = this.gateway.newTeam("models");
		JsonNode models = GatewayClient.json(this.gateway.get("/v1/models", key, 200));
		assertThat(models.get("object").asString()).isEqualTo("list");
		assertThat(models.get("data").findValuesAsString("id")).containsExactly(TestNodes.FAST.name());
	}

	@Test
	void theAdminApiTakesTheAdminKeyOnly() {
		String teamKey = this.gateway.newTeam("not-admin");
		this.gateway.get("/admin/teams", teamKey, 401);
		// the body read, so that its buffers are released
		this.gateway.http.get()
			.uri("/admin/nodes")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectBody()
			.jsonPath("$.error.message")
			.exists();
		this.gateway.admin("POST", "/admin/teams", Map.of("name", "bad/name"), 400);
		this.gateway.admin("POST", "/admin/teams", Map.of(), 400);
	}

	@Test
	void aKeyOverItsRateGets429WithRetryAfter() {
		String key = this.gateway.newTeam("rate");
		int ok = 0;
		EntityExchangeResult<String> limited = null;
		for (int i = 0; i < 10 && limited == null; i++) {
			EntityExchangeResult<String> answer = this.gateway.http.post()
				.uri("/v1/chat/completions")
				.header("Authorization", "Bearer " + key)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(GatewayClient.request(null))
				.exchange()
				.expectBody(String.class)
				.returnResult();
			if (answer.getStatus().value() == 429) {
				limited = answer;
			}
			else {
				assertThat(answer.getStatus().value()).isEqualTo(200);
				ok++;
			}
		}
		assertThat(ok).isEqualTo(6);
		assertThat(limited).isNotNull();
		assertThat(Long.parseLong(limited.getResponseHeaders().getFirst("Retry-After"))).isBetween(1L, 5L);
		assertThat(GatewayClient.json(limited).get("error").get("code").asString()).isEqualTo("rate_limit_exceeded");
	}

	@Test
	void nodeUrlsAreCheckedBeforeTheGatewayCallsThem() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		for (String url : new String[] { "ftp://127.0.0.1:21", "http://example.com:8080", "http://169.254.169.254",
				"http://127.0.0.1:8080/admin", "http://user:pw@127.0.0.1:8080", "http://127.0.0.1:8080?x=1",
				"not a url", "http://127.0.0.1:" + closedPort }) {
			JsonNode error = this.gateway.admin("POST", "/admin/nodes", Map.of("url", url), 400).get("error");
			assertThat(error.get("param").asString()).as(url).isEqualTo("url");
		}
		// a real node is accepted (again: it is also a static one)
		URI node = TestNodes.node("fast", TestNodes.FAST);
		JsonNode added = this.gateway.admin("POST", "/admin/nodes", Map.of("url", node + "/"), 201);
		assertThat(added.get("url").asString()).isEqualTo(node.toString());
	}

	@Test
	void badInputGetsAnOpenAiErrorAndARecord() throws Exception {
		String key = this.gateway.newTeam("bad-input");
		JsonNode notJson = GatewayClient
			.json(this.gateway.http.post()
				.uri("/v1/chat/completions")
				.header("Authorization", "Bearer " + key)
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue("{not json")
				.exchange()
				.expectStatus()
				.isBadRequest()
				.expectBody(String.class)
				.returnResult())
			.get("error");
		assertThat(notJson.get("type").asString()).isEqualTo("invalid_request_error");
		JsonNode slo = GatewayClient.json(this.gateway.chat(key, GatewayClient.request(Map.of("ttft_ms", -5)), 400))
			.get("error");
		assertThat(slo.get("param").asString()).isEqualTo("slo.ttft_ms");
		JsonNode strategy = GatewayClient
			.json(this.gateway.chat(key, GatewayClient.request(null, "strategy", "fastest"), 400))
			.get("error");
		assertThat(strategy.get("param").asString()).isEqualTo("strategy");
		// what only the node checks comes back from it as it said it
		JsonNode node = GatewayClient
			.json(this.gateway.chat(key, GatewayClient.request(null, "max_tokens", "many"), 400))
			.get("error");
		assertThat(node.get("type").asString()).isEqualTo("invalid_request_error");
		this.recorder.flush(Duration.ofSeconds(10));
		JsonNode records = GatewayClient.json(this.gateway.get("/v1/results", key, 200));
		assertThat(records.get("total").asInt()).isEqualTo(4);
		assertThat(records.get("data").findValuesAsString("status")).containsExactlyInAnyOrder("rejected", "rejected",
				"rejected", "node_error");
	}

	@Test
	void resultsAreFilteredPagedAndSummed() throws Exception {
		Instant start = Instant.now();
		String mine = this.gateway.newTeam("results-a");
		String theirs = this.gateway.newTeam("results-b");
		for (int i = 0; i < 3; i++) {
			this.gateway.chat(mine, GatewayClient.request(Map.of("ttft_ms", 600_000, "tpot_ms", 600_000)), 200);
		}
		this.gateway.chat(mine, GatewayClient.request(Map.of("ttft_ms", 0.001)), 200);
		this.gateway.chat(theirs, GatewayClient.request(null), 200);
		this.gateway.http.post()
			.uri("/v1/chat/completions")
			.header("Authorization", "Bearer " + theirs)
			.header("x-elms-campaign", "pixel-8-trace-3")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(GatewayClient.request(null))
			.exchange()
			.expectStatus()
			.isOk()
			// the whole answer, not only its status: the record is handed over before the
			// answer's end
			.expectBody(String.class)
			.returnResult();
		this.recorder.flush(Duration.ofSeconds(10));
		JsonNode campaign = GatewayClient
			.json(this.gateway.get("/v1/results/summary?by=campaign&campaign=pixel-8-trace-3", theirs, 200));
		assertThat(campaign.get("groups")).hasSize(1);
		assertThat(campaign.get("groups").get(0).get("key").asString()).isEqualTo("pixel-8-trace-3");
		assertThat(campaign.get("overall").get("requests").asInt()).isEqualTo(1);

		JsonNode page = GatewayClient.json(this.gateway.get("/v1/results?size=2", mine, 200));
		assertThat(page.get("total").asInt()).isEqualTo(4);
		assertThat(page.get("data")).hasSize(2);
		JsonNode met = GatewayClient.json(this.gateway.get("/v1/results?slo_met=true", mine, 200));
		assertThat(met.get("total").asInt()).isEqualTo(3);
		JsonNode missed = GatewayClient.json(this.gateway.get("/v1/results?slo_met=false", mine, 200));
		assertThat(missed.get("total").asInt()).isEqualTo(1);
		JsonNode record = missed.get("data").get(0);
		assertThat(record.get("ttft_met").asBoolean()).isFalse();
		assertThat(record.get("slo_ttft_ms").asDouble()).isEqualTo(0.001);
		JsonNode later = GatewayClient
			.json(this.gateway.get("/v1/results?from=" + Instant.now().plusSeconds(60), mine, 200));
		assertThat(later.get("total").asInt()).isZero();
		// a team reads its own results only; the admin reads everyone's
		this.gateway.get("/v1/results?team=someone-else", mine, 403);
		JsonNode all = GatewayClient
			.json(this.gateway.get("/v1/results?size=500&from=" + start, GatewayClient.ADMIN_KEY, 200));
		assertThat(all.get("total").asInt()).isGreaterThanOrEqualTo(6);

		JsonNode summary = GatewayClient.json(this.gateway.get("/v1/results/summary?by=node", mine, 200));
		JsonNode overall = summary.get("overall");
		assertThat(overall.get("requests").asInt()).isEqualTo(4);
		assertThat(overall.get("with_slo").asInt()).isEqualTo(4);
		assertThat(overall.get("slo_met").asInt()).isEqualTo(3);
		assertThat(overall.get("attainment").asDouble()).isEqualTo(0.75);
		assertThat(overall.get("goodput_rps").asDouble()).isPositive();
		assertThat(overall.get("ttft_ms").get("p50").asDouble()).isPositive();
		assertThat(overall.get("ttft_ms").get("p99").asDouble())
			.isGreaterThanOrEqualTo(overall.get("ttft_ms").get("p50").asDouble());
		assertThat(summary.get("groups")).hasSize(1);
		assertThat(summary.get("groups").get(0).get("key").asString())
			.isEqualTo(TestNodes.node("fast", TestNodes.FAST).toString());
		JsonNode byLevel = GatewayClient.json(this.gateway.get("/v1/results/summary?by=level", mine, 200));
		assertThat(byLevel.get("groups")).isNotEmpty();
		this.gateway.get("/v1/results/summary?by=colour", mine, 400);
	}

}
