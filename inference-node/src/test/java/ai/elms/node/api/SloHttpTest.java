package ai.elms.node.api;

import java.util.List;
import java.util.Map;

import ai.elms.engine.profile.LatencyProfile;
import ai.elms.node.NodeHttpTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

class SloHttpTest extends NodeHttpTest {

	/** No level can produce a token in a microsecond. */
	private static final double IMPOSSIBLE_MS = 0.001;

	/** Every level does it within an hour. */
	private static final double LOOSE_MS = 3_600_000;

	private static final Map<String, Object> REQUEST = Map.of("messages", List.of(userMessage("Hello")), "max_tokens",
			4, "temperature", 0);

	private JsonNode chat(Map<String, Object> body, String... headers) {
		String response = this.http.post()
			.uri("/v1/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.headers((h) -> {
				for (int i = 0; i < headers.length; i += 2) {
					h.add(headers[i], headers[i + 1]);
				}
			})
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		return json.readTree(response);
	}

	@Test
	void servesFullModelWithoutSlo() {
		JsonNode response = chat(REQUEST);
		assertThat(response.get("elastic").get("model_level").asDouble()).isEqualTo(1.0);
		assertThat(response.get("elastic").get("predicted_slo_met").isNull()).isTrue();
		assertThat(response.get("timings").get("slo_ttft_met").isNull()).isTrue();
		assertThat(response.get("timings").get("slo_tpot_met").isNull()).isTrue();
	}

	@Test
	void servesSmallestLevelAsPredictedMissWhenTtftSloIsImpossible() {
		JsonNode response = chat(REQUEST, "x-slo-ttft-ms", Double.toString(IMPOSSIBLE_MS));
		assertThat(response.get("elastic").get("model_level").asDouble()).isEqualTo(0.2);
		assertThat(response.get("elastic").get("predicted_slo_met").asBoolean()).isFalse();
		assertThat(response.get("timings").get("slo_ttft_met").asBoolean()).isFalse();
		assertThat(response.get("timings").get("slo_tpot_met").isNull()).isTrue();
	}

	@Test
	void servesFullModelWhenSloIsLoose() {
		JsonNode response = chat(REQUEST, "x-slo-ttft-ms", Double.toString(LOOSE_MS), "x-slo-tpot-ms",
				Double.toString(LOOSE_MS));
		assertThat(response.get("elastic").get("model_level").asDouble()).isEqualTo(1.0);
		assertThat(response.get("elastic").get("predicted_slo_met").asBoolean()).isTrue();
		assertThat(response.get("timings").get("slo_ttft_met").asBoolean()).isTrue();
		assertThat(response.get("timings").get("slo_tpot_met").asBoolean()).isTrue();
	}

	@Test
	void takesSloFromBody() {
		JsonNode response = chat(StreamingHttpTest.with(REQUEST, "slo", Map.of("tpot_ms", IMPOSSIBLE_MS)));
		assertThat(response.get("elastic").get("model_level").asDouble()).isEqualTo(0.2);
		assertThat(response.get("timings").get("slo_tpot_met").asBoolean()).isFalse();
		assertThat(response.get("timings").get("slo_ttft_met").isNull()).isTrue();
	}

	@Test
	void prefersBodyOverHeaders() {
		JsonNode response = chat(StreamingHttpTest.with(REQUEST, "slo", Map.of("ttft_ms", LOOSE_MS)), "x-slo-ttft-ms",
				Double.toString(IMPOSSIBLE_MS));
		assertThat(response.get("elastic").get("model_level").asDouble()).isEqualTo(1.0);
		assertThat(response.get("timings").get("slo_ttft_met").asBoolean()).isTrue();
	}

	@Test
	void combinesBodyAndHeaderParts() {
		JsonNode response = chat(StreamingHttpTest.with(REQUEST, "slo", Map.of("ttft_ms", LOOSE_MS)), "x-slo-tpot-ms",
				Double.toString(IMPOSSIBLE_MS));
		assertThat(response.get("elastic").get("model_level").asDouble()).isEqualTo(0.2);
		assertThat(response.get("timings").get("slo_ttft_met").asBoolean()).isTrue();
		assertThat(response.get("timings").get("slo_tpot_met").asBoolean()).isFalse();
	}

	@Test
	void choosesLargestLevelWhoseProfiledTpotMeetsSlo() {
		LatencyProfile profile = json.readValue(get("/v1/elastic/profile", 200).toString(), LatencyProfile.class);
		for (int level = 0; level < profile.levels().size(); level++) {
			double tpotMs = profile.predictTpotMs(level);
			int expected = level;
			for (int larger = level + 1; larger < profile.levels().size(); larger++) {
				if (profile.predictTpotMs(larger) <= tpotMs) {
					expected = larger;
				}
			}
			JsonNode response = chat(StreamingHttpTest.with(REQUEST, "slo", Map.of("tpot_ms", tpotMs)));
			assertThat(response.get("elastic").get("model_level").asDouble()).as("TPOT SLO %s ms", tpotMs)
				.isEqualTo(profile.levels().get(expected).share());
			assertThat(response.get("elastic").get("predicted_tpot_ms").asDouble())
				.isEqualTo(Timings.round(profile.predictTpotMs(expected)));
			assertThat(response.get("elastic").get("predicted_slo_met").asBoolean()).isTrue();
		}
	}

	@Test
	void reportsElasticAndSloInLastStreamChunk() {
		String events = this.http.post()
			.uri("/v1/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.header("x-slo-ttft-ms", Double.toString(IMPOSSIBLE_MS))
			.bodyValue(StreamingHttpTest.with(REQUEST, "stream", true))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		List<JsonNode> chunks = ServerSentEvents.chunks(events);
		JsonNode last = chunks.get(chunks.size() - 1);
		assertThat(last.get("elastic").get("model_level").asDouble()).isEqualTo(0.2);
		assertThat(last.get("timings").get("slo_ttft_met").asBoolean()).isFalse();
	}

}
