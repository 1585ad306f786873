package ai.elms.node.api;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ai.elms.engine.ChatMessage;
import ai.elms.engine.ElasticEngine;
import ai.elms.engine.EngineOptions;
import ai.elms.node.NodeHttpTest;
import ai.elms.node.TestPackage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Answer options are scored after the prompt as served, at the level that served it, as
 * the publication scores multiple choice.
 */
class OptionsHttpTest extends NodeHttpTest {

	private static final String SYSTEM = "You are the assistant of a phone. Answer with the name of one app. "
		.repeat(12);

	private static final String USER = "Wake me up at seven tomorrow.";

	private static final List<String> OPTIONS = List.of("Clock", "Phone", "Mail", "Weather forecast");

	private static Map<String, Object> chat(String strategy, Map<String, Object> slo) {
		return Map.of("messages", List.of(Map.of("role", "system", "content", SYSTEM), userMessage(USER)), "max_tokens",
				2, "temperature", 0, "strategy", strategy, "slo", slo, "options", OPTIONS);
	}

	@Test
	void scoresEachOptionAsTheEngineDoesAfterTheWholePromptAtTheFullModel() throws Exception {
		// after a chat prompt an option is scored as an answer: it opens with the
		// template's
		// answer lead, a space
		JsonNode options = post("/v1/chat/completions",
				chat("full", Map.of("ttft_ms", 3_600_000, "tpot_ms", 3_600_000)), 200)
			.get("elastic")
			.get("options");
		double[] served = new double[OPTIONS.size()];
		for (int i = 0; i < served.length; i++) {
			served[i] = options.get("mean_logprobs").get(i).asDouble();
		}
		try (ElasticEngine engine = ElasticEngine.open(TestPackage.directory(),
				EngineOptions.DEFAULTS.withThreads(1))) {
			int[] prompt = engine
				.encode(engine.renderChat(List.of(new ChatMessage("system", SYSTEM), new ChatMessage("user", USER))));
			double[] expected = engine.withPrompt(prompt, engine.levels().size() - 1, (prefilled) -> {
				double[] means = new double[OPTIONS.size()];
				for (int i = 0; i < means.length; i++) {
					int[] text = engine.encode(" " + OPTIONS.get(i));
					int[] tokens = Arrays.copyOf(text, text.length + 1);
					tokens[text.length] = engine.endToken();
					means[i] = prefilled.score(tokens).mean();
				}
				return means;
			});
			int best = 0;
			for (int i = 0; i < expected.length; i++) {
				assertThat(served[i]).isCloseTo(expected[i], within(1e-4));
				best = (expected[i] > expected[best]) ? i : best;
			}
			assertThat(options.get("picked").asInt()).isEqualTo(best);
		}
		assertThat(options.get("ms").asDouble()).isPositive();
	}

	@Test
	void scoresAfterTheCompressedPromptAtTheLevelThatServed() {
		// nothing fits: prompt-only serves the full model on a tenth of the system
		// message
		JsonNode elastic = post("/v1/chat/completions", chat("prompt-only", Map.of("ttft_ms", 0.001, "tpot_ms", 0.001)),
				200)
			.get("elastic");
		assertThat(elastic.get("prompt_ratio").asDouble()).isEqualTo(0.1);
		JsonNode means = elastic.get("options").get("mean_logprobs");
		assertThat(means).hasSize(OPTIONS.size());
		for (JsonNode mean : means) {
			assertThat(mean.asDouble()).isNegative();
		}
	}

	@Test
	void aStreamedAnswerCarriesTheScoresInItsLastChunk() {
		Map<String, Object> body = new HashMap<>(chat("full", Map.of("ttft_ms", 3_600_000)));
		body.put("stream", true);
		List<JsonNode> chunks = ServerSentEvents.post(this.http, "/v1/chat/completions", body);
		JsonNode last = chunks.get(chunks.size() - 1);
		assertThat(last.get("elastic").get("options").get("mean_logprobs")).hasSize(OPTIONS.size());
	}

	@Test
	void aRequestWithoutOptionsHasNoScores() {
		Map<String, Object> body = new HashMap<>(chat("full", Map.of("ttft_ms", 3_600_000)));
		body.remove("options");
		assertThat(post("/v1/chat/completions", body, 200).get("elastic").has("options")).isFalse();
	}

}
