package ai.elms.benchmarks.slo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.elms.engine.profile.LatencyProfile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A client of a node's OpenAI-compatible API, one request at a time. */
final class NodeClient {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private final URI base;

	NodeClient(URI base) {
		this.base = base;
	}

	/**
	 * What the node answered.
	 *
	 * @param text the completion
	 * @param promptTokens the prompt's tokens as the node read it (before compression)
	 * @param ttftMs TTFT the node measured, queue included
	 * @param tpotMs TPOT the node measured, 0 for a single token
	 * @param ttftMet whether it met the TTFT SLO
	 * @param tpotMet whether the TPOT met the TPOT SLO
	 * @param level the level that served
	 * @param ratio the prompt ratio served
	 * @param picked the choice the node scored most likely after the prompt as served, or
	 * -1 when the choices were not asked for
	 * @param tinyModelMs the tiny model's time, 0 when it did not run
	 */
	record Answer(String text, int promptTokens, double ttftMs, double tpotMs, boolean ttftMet, boolean tpotMet,
			double level, double ratio, int picked, double tinyModelMs) {
	}

	/** The node's latency profile. */
	LatencyProfile profile() throws IOException, InterruptedException {
		return JSON.treeToValue(get("/v1/elastic/profile"), LatencyProfile.class);
	}

	/**
	 * A greedy chat completion of an item under a strategy and an SLO (null for none),
	 * with the item's choices scored when {@code scoreChoices}.
	 */
	Answer chat(TestItem item, String strategy, Double ttftMs, Double tpotMs, int maxTokens, boolean scoreChoices)
			throws IOException, InterruptedException {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("messages", List.of(Map.of("role", "system", "content", item.system()),
				Map.of("role", "user", "content", item.user())));
		body.put("max_tokens", maxTokens);
		body.put("temperature", 0);
		body.put("strategy", strategy);
		if (ttftMs != null) {
			body.put("slo", Map.of("ttft_ms", ttftMs, "tpot_ms", tpotMs));
		}
		if (scoreChoices) {
			body.put("options", item.choices());
		}
		HttpRequest request = HttpRequest.newBuilder(this.base.resolve("/v1/chat/completions"))
			.timeout(Duration.ofMinutes(5))
			.header("content-type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
			.build();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IOException("the node answered " + response.statusCode() + ": " + response.body());
		}
		JsonNode json = JSON.readTree(response.body());
		JsonNode timings = json.get("timings");
		JsonNode elastic = json.get("elastic");
		return new Answer(json.get("choices").get(0).get("message").get("content").asString(),
				json.get("usage").get("prompt_tokens").asInt(), timings.get("ttft_ms").asDouble(),
				timings.get("tpot_ms").asDouble(), met(timings.get("slo_ttft_met")), met(timings.get("slo_tpot_met")),
				elastic.get("model_level").asDouble(), elastic.get("prompt_ratio").asDouble(),
				elastic.has("options") ? elastic.get("options").get("picked").asInt() : -1,
				elastic.get("tiny_model_ms").asDouble());
	}

	/**
	 * A part of the SLO without a verdict (no TPOT after a single token) counts as met.
	 */
	private static boolean met(JsonNode verdict) {
		return verdict == null || verdict.isNull() || verdict.asBoolean();
	}

	private JsonNode get(String path) throws IOException, InterruptedException {
		HttpResponse<String> response = this.http.send(
				HttpRequest.newBuilder(this.base.resolve(path)).timeout(Duration.ofMinutes(1)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IOException("the node answered " + response.statusCode() + " to " + path);
		}
		return JSON.readTree(response.body());
	}

}
