package ai.elms.node.api;

import java.util.List;
import java.util.Map;

import ai.elms.node.NodeHttpTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class ChatCompletionsHttpTest extends NodeHttpTest {

	private JsonNode chat(Map<String, Object> body) {
		return post("/v1/chat/completions", body, 200);
	}

	@Test
	void answersInOpenAiShapeWithElasticAndTimings() {
		JsonNode completion = chat(Map.of("model", "elms-test", "messages", List.of(userMessage("Hello")), "max_tokens",
				8, "temperature", 0));
		assertThat(completion.get("id").asString()).startsWith("chatcmpl-");
		assertThat(completion.get("object").asString()).isEqualTo("chat.completion");
		assertThat(completion.get("created").asLong()).isPositive();
		assertThat(completion.get("model").asString()).isEqualTo("elms-test");
		assertThat(completion.get("system_fingerprint").asString()).startsWith("elms-");
		JsonNode choice = completion.get("choices").get(0);
		assertThat(completion.get("choices")).hasSize(1);
		assertThat(choice.get("index").asInt()).isZero();
		assertThat(choice.get("message").get("role").asString()).isEqualTo("assistant");
		assertThat(choice.get("message").get("content").asString()).isNotEmpty();
		assertThat(choice.get("finish_reason").asString()).isEqualTo("length");
		assertThat(choice.has("logprobs")).isTrue();
		JsonNode usage = completion.get("usage");
		assertThat(usage.get("completion_tokens").asInt()).isEqualTo(8);
		assertThat(usage.get("prompt_tokens").asInt()).isPositive();
		assertThat(usage.get("total_tokens").asInt())
			.isEqualTo(usage.get("prompt_tokens").asInt() + usage.get("completion_tokens").asInt());
		JsonNode elastic = completion.get("elastic");
		assertThat(elastic.get("model_level").asDouble()).isEqualTo(1.0);
		assertThat(elastic.get("prompt_ratio").asDouble()).isEqualTo(1.0);
		assertThat(elastic.get("predicted_slo_met").isNull()).isTrue();
		JsonNode timings = completion.get("timings");
		for (String field : List.of("queue_ms", "ttft_ms", "prompt_ms", "predicted_ms", "predicted_per_token_ms",
				"tpot_ms", "e2e_ms")) {
			assertThat(timings.get(field).asDouble()).as(field).isGreaterThanOrEqualTo(0);
		}
		assertThat(timings.get("prompt_n").asInt()).isEqualTo(usage.get("prompt_tokens").asInt());
		assertThat(timings.get("predicted_n").asInt()).isEqualTo(8);
		assertThat(timings.get("ttft_ms").asDouble()).isGreaterThanOrEqualTo(timings.get("queue_ms").asDouble());
		assertThat(timings.get("e2e_ms").asDouble()).isGreaterThanOrEqualTo(timings.get("ttft_ms").asDouble());
		assertThat(timings.get("slo_ttft_met").isNull()).isTrue();
		assertThat(timings.get("slo_tpot_met").isNull()).isTrue();
	}

	@Test
	void answersWithServedModelWhateverModelIsAsked() {
		JsonNode completion = chat(
				Map.of("model", "gpt-4o", "messages", List.of(userMessage("Hello")), "max_tokens", 2));
		assertThat(completion.get("model").asString()).isEqualTo("elms-test");
		assertThat(chat(Map.of("messages", List.of(userMessage("Hello")), "max_tokens", 2)).get("model").asString())
			.isEqualTo("elms-test");
	}

	@Test
	void prefersMaxCompletionTokensOverMaxTokens() {
		JsonNode completion = chat(Map.of("messages", List.of(userMessage("Hello")), "max_tokens", 10,
				"max_completion_tokens", 3, "temperature", 0));
		assertThat(completion.get("usage").get("completion_tokens").asInt()).isEqualTo(3);
	}

	@Test
	void generatesTheSameGreedyTextTwice() {
		Map<String, Object> body = Map.of("messages", List.of(userMessage("Hello")), "max_tokens", 12, "temperature",
				0);
		assertThat(content(chat(body))).isEqualTo(content(chat(body)));
	}

	@Test
	void reproducesSampledTextWithSameSeed() {
		Map<String, Object> body = Map.of("messages", List.of(userMessage("Hello")), "max_tokens", 12, "temperature",
				1.0, "top_p", 0.9, "seed", 1234);
		assertThat(content(chat(body))).isEqualTo(content(chat(body)));
	}

	@Test
	void endsAtStopString() {
		String full = content(
				chat(Map.of("messages", List.of(userMessage("Hello")), "max_tokens", 16, "temperature", 0)));
		String stop = full.substring(3, 5);
		JsonNode stopped = chat(
				Map.of("messages", List.of(userMessage("Hello")), "max_tokens", 16, "temperature", 0, "stop", stop));
		assertThat(content(stopped)).isEqualTo(full.substring(0, full.indexOf(stop)));
		assertThat(stopped.get("choices").get(0).get("finish_reason").asString()).isEqualTo("stop");
		JsonNode stoppedByArray = chat(Map.of("messages", List.of(userMessage("Hello")), "max_tokens", 16,
				"temperature", 0, "stop", List.of("never there", stop)));
		assertThat(content(stoppedByArray)).isEqualTo(content(stopped));
	}

	@Test
	void acceptsTextContentPartsAndEveryRole() {
		Map<String, Object> parts = Map.of("role", "user", "content",
				List.of(Map.of("type", "text", "text", "Hel"), Map.of("type", "text", "text", "lo")));
		JsonNode completion = chat(Map.of("messages",
				List.of(Map.of("role", "system", "content", "Be brief."),
						Map.of("role", "developer", "content", "Really."), userMessage("Hi"),
						Map.of("role", "assistant", "content", "Hello!"), parts),
				"max_tokens", 2));
		assertThat(completion.get("usage").get("prompt_tokens").asInt()).isGreaterThan(10);
	}

	@Test
	void ignoresUnknownFieldsAsOpenAiDoes() {
		JsonNode completion = chat(
				Map.of("messages", List.of(userMessage("Hello")), "max_tokens", 2, "frequency_penalty", 0, "logit_bias",
						Map.of(), "n", 1, "user", "someone", "tools", List.of(), "parallel_tool_calls", false));
		assertThat(completion.get("usage").get("completion_tokens").asInt()).isEqualTo(2);
	}

	@Test
	void defaultsMaxTokensToConfiguredDefault() {
		JsonNode completion = chat(Map.of("messages", List.of(userMessage("Hello")), "temperature", 0));
		// the default is 512 tokens, the greedy test package never stops early on this
		// prompt
		assertThat(completion.get("usage").get("completion_tokens").asInt()).isEqualTo(512);
	}

	private static String content(JsonNode completion) {
		return completion.get("choices").get(0).get("message").get("content").asString();
	}

}
