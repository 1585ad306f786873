package ai.elms.node.api;

import java.util.List;
import java.util.Map;

import ai.elms.node.NodeHttpTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class CompletionsHttpTest extends NodeHttpTest {

	@Test
	void continuesPromptInOpenAiShape() {
		JsonNode completion = post("/v1/completions",
				Map.of("model", "elms-test", "prompt", "Hello", "max_tokens", 7, "temperature", 0), 200);
		assertThat(completion.get("id").asString()).startsWith("cmpl-");
		assertThat(completion.get("object").asString()).isEqualTo("text_completion");
		assertThat(completion.get("model").asString()).isEqualTo("elms-test");
		JsonNode choice = completion.get("choices").get(0);
		assertThat(choice.get("text").asString()).isNotEmpty();
		assertThat(choice.get("index").asInt()).isZero();
		assertThat(choice.get("finish_reason").asString()).isEqualTo("length");
		assertThat(completion.get("usage").get("completion_tokens").asInt()).isEqualTo(7);
		assertThat(completion.get("elastic").get("model_level").asDouble()).isEqualTo(1.0);
		assertThat(completion.get("timings").get("predicted_n").asInt()).isEqualTo(7);
	}

	@Test
	void acceptsPromptAsArrayOfOneString() {
		Map<String, Object> single = Map.of("prompt", "Hello", "max_tokens", 5, "temperature", 0);
		Map<String, Object> array = Map.of("prompt", List.of("Hello"), "max_tokens", 5, "temperature", 0);
		assertThat(text(post("/v1/completions", array, 200))).isEqualTo(text(post("/v1/completions", single, 200)));
	}

	@Test
	void usesNoChatTemplate() {
		JsonNode raw = post("/v1/completions", Map.of("prompt", "Hello", "max_tokens", 1), 200);
		JsonNode chat = post("/v1/chat/completions", Map.of("messages", List.of(userMessage("Hello")), "max_tokens", 1),
				200);
		assertThat(raw.get("usage").get("prompt_tokens").asInt())
			.isLessThan(chat.get("usage").get("prompt_tokens").asInt());
	}

	private static String text(JsonNode completion) {
		return completion.get("choices").get(0).get("text").asString();
	}

}
