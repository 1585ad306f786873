package ai.elms.node.api;

import java.util.List;
import java.util.Map;

import ai.elms.node.NodeHttpTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Each strategy, asked for in the body, routes through its own path. */
class StrategyHttpTest extends NodeHttpTest {

	/** No level can produce a token in a microsecond. */
	private static final Map<String, Object> IMPOSSIBLE = Map.of("ttft_ms", 0.001, "tpot_ms", 0.001);

	private static final Map<String, Object> LOOSE = Map.of("ttft_ms", 3_600_000, "tpot_ms", 3_600_000);

	private static final String SYSTEM = "You are the assistant of a phone. Answer with the name of one app. "
		.repeat(12);

	private static Map<String, Object> chat(String strategy, Map<String, Object> slo) {
		return Map.of("messages",
				List.of(Map.of("role", "system", "content", SYSTEM), userMessage("Wake me up at seven tomorrow.")),
				"max_tokens", 2, "temperature", 0, "strategy", strategy, "slo", slo);
	}

	private JsonNode elastic(JsonNode response) {
		return response.get("elastic");
	}

	@Test
	void fullServesTheFullModelOnTheWholePromptWhateverTheSlo() {
		JsonNode response = post("/v1/chat/completions", chat("full", IMPOSSIBLE), 200);
		assertThat(elastic(response).get("strategy").asString()).isEqualTo("full");
		assertThat(elastic(response).get("model_level").asDouble()).isEqualTo(1.0);
		assertThat(elastic(response).get("prompt_ratio").asDouble()).isEqualTo(1.0);
		assertThat(elastic(response).get("served_prompt_tokens").asInt())
			.isEqualTo(response.get("usage").get("prompt_tokens").asInt());
		assertThat(elastic(response).get("predicted_slo_met").asBoolean()).isFalse();
		assertThat(elastic(response).get("tiny_model_ms").asDouble()).isZero();
	}

	@Test
	void modelOnlyShrinksTheModelAndNeverThePrompt() {
		JsonNode response = post("/v1/chat/completions", chat("model-only", IMPOSSIBLE), 200);
		assertThat(elastic(response).get("strategy").asString()).isEqualTo("model-only");
		assertThat(elastic(response).get("model_level").asDouble()).isEqualTo(0.2);
		assertThat(elastic(response).get("prompt_ratio").asDouble()).isEqualTo(1.0);
		assertThat(elastic(response).get("tiny_model_ms").asDouble()).isZero();
	}

	@Test
	void promptOnlyCompressesTheSystemMessageAtTheFullModel() {
		JsonNode response = post("/v1/chat/completions", chat("prompt-only", IMPOSSIBLE), 200);
		assertThat(elastic(response).get("strategy").asString()).isEqualTo("prompt-only");
		assertThat(elastic(response).get("model_level").asDouble()).isEqualTo(1.0);
		// nothing fits: as far as it goes
		assertThat(elastic(response).get("prompt_ratio").asDouble()).isEqualTo(0.1);
		int sent = response.get("usage").get("prompt_tokens").asInt();
		int served = elastic(response).get("served_prompt_tokens").asInt();
		assertThat(served).isLessThan(sent / 2);
		assertThat(response.get("timings").get("prompt_n").asInt()).isEqualTo(served);
		assertThat(elastic(response).get("tiny_model_ms").asDouble()).isPositive();
	}

	@Test
	void elasticServesTheWholePromptAtTheFullLevelWhenThatFitsWithoutTheTinyModel() {
		JsonNode elastic = elastic(post("/v1/chat/completions", chat("elastic", LOOSE), 200));
		assertThat(elastic.get("strategy").asString()).isEqualTo("elastic");
		assertThat(elastic.get("model_level").asDouble()).isEqualTo(1.0);
		assertThat(elastic.get("prompt_ratio").asDouble()).isEqualTo(1.0);
		assertThat(elastic.get("tiny_model_ms").asDouble()).isZero();
		assertThat(elastic.has("proposed_model_level")).isFalse();
	}

	@Test
	void elasticAsksTheTinyModelWhenTheWholePromptDoesNotFit() {
		double wholeTtftMs = elastic(post("/v1/chat/completions", chat("full", LOOSE), 200)).get("predicted_ttft_ms")
			.asDouble();
		JsonNode response = post("/v1/chat/completions",
				chat("elastic", Map.of("ttft_ms", 0.6 * wholeTtftMs, "tpot_ms", 3_600_000)), 200);
		JsonNode elastic = elastic(response);
		assertThat(elastic.get("tiny_model_ms").asDouble()).isPositive();
		assertThat(elastic.get("proposed_model_level").isNumber()).isTrue();
		// the whole prompt at the full level does not fit: a smaller level or a shorter
		// prompt (on this tiny package a prefill costs about the same at any level and
		// length, so what it serves may be a predicted miss)
		assertThat(elastic.get("model_level").asDouble() < 1.0
				|| elastic.get("served_prompt_tokens").asInt() < response.get("usage").get("prompt_tokens").asInt())
			.isTrue();
	}

	@Test
	void elasticReplacesAProposalThatCannotFit() {
		JsonNode elastic = elastic(post("/v1/chat/completions", chat("elastic", IMPOSSIBLE), 200));
		assertThat(elastic.get("predicted_slo_met").asBoolean()).isFalse();
		assertThat(elastic.get("model_level").asDouble()).isEqualTo(0.2);
		assertThat(elastic.get("prompt_ratio").asDouble()).isEqualTo(0.1);
		assertThat(elastic.has("proposed_model_level")).isTrue();
	}

	@Test
	void layerDropAttentionDropAndLayerCollapseServeTheLargestLevelOfTheirLadderThatFits() {
		for (String strategy : List.of("layer-drop", "attention-drop", "layer-collapse")) {
			JsonNode tight = post("/v1/chat/completions", chat(strategy, IMPOSSIBLE), 200);
			assertThat(elastic(tight).get("strategy").asString()).isEqualTo(strategy);
			// nothing fits: the ladder's smallest level, all but one layer (or attention
			// block) dropped, or the layers merged into one
			assertThat(elastic(tight).get("model_level").asDouble())
				.isLessThan(strategy.equals("layer-drop") ? 0.8 : 1.0);
			assertThat(elastic(tight).get("prompt_ratio").asDouble()).isEqualTo(1.0);
			assertThat(elastic(tight).get("predicted_slo_met").asBoolean()).isFalse();
			assertThat(elastic(tight).get("tiny_model_ms").asDouble()).isZero();
			assertThat(tight.get("usage").get("completion_tokens").asInt()).isEqualTo(2);
			JsonNode loose = elastic(post("/v1/chat/completions", chat(strategy, LOOSE), 200));
			assertThat(loose.get("model_level").asDouble()).isEqualTo(1.0);
			assertThat(loose.get("predicted_slo_met").asBoolean()).isTrue();
		}
	}

	@Test
	void refusesAnUnknownStrategyAndCompressionWithoutASystemMessage() {
		JsonNode unknown = post("/v1/chat/completions", chat("fastest", LOOSE), 400).get("error");
		assertThat(unknown.get("param").asString()).isEqualTo("strategy");
		assertThat(unknown.get("message").asString())
			.contains("elastic, full, model-only, prompt-only, off-the-shelf, layer-drop, attention-drop or "
					+ "layer-collapse");
		JsonNode noSmallModel = post("/v1/chat/completions", chat("off-the-shelf", LOOSE), 400).get("error");
		assertThat(noSmallModel.get("message").asString()).contains("elms.off-the-shelf");
		JsonNode noSystem = post("/v1/chat/completions",
				Map.of("messages", List.of(userMessage("Hi")), "strategy", "prompt-only"), 400)
			.get("error");
		assertThat(noSystem.get("param").asString()).isEqualTo("strategy");
		JsonNode text = post("/v1/completions", Map.of("prompt", "Hi", "strategy", "prompt-only"), 400).get("error");
		assertThat(text.get("param").asString()).isEqualTo("strategy");
	}

}
