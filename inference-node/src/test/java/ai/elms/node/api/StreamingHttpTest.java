package ai.elms.node.api;

import java.util.List;
import java.util.Map;

import ai.elms.node.NodeHttpTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class StreamingHttpTest extends NodeHttpTest {

	private List<JsonNode> stream(String path, Map<String, Object> body) {
		return ServerSentEvents.post(this.http, path, body);
	}

	@Test
	void streamsChatChunksAsOpenAiDoes() {
		List<JsonNode> chunks = stream("/v1/chat/completions",
				Map.of("messages", List.of(userMessage("Hello")), "max_tokens", 6, "temperature", 0, "stream", true));
		String id = chunks.get(0).get("id").asString();
		assertThat(id).startsWith("chatcmpl-");
		for (JsonNode chunk : chunks) {
			assertThat(chunk.get("object").asString()).isEqualTo("chat.completion.chunk");
			assertThat(chunk.get("id").asString()).isEqualTo(id);
			assertThat(chunk.get("model").asString()).isEqualTo("elms-test");
			assertThat(chunk.get("choices")).hasSize(1);
		}
		JsonNode first = chunks.get(0).get("choices").get(0);
		assertThat(first.get("delta").get("role").asString()).isEqualTo("assistant");
		assertThat(first.get("finish_reason").isNull()).isTrue();
		JsonNode last = chunks.get(chunks.size() - 1);
		JsonNode finish = last.get("choices").get(0);
		assertThat(finish.get("finish_reason").asString()).isEqualTo("length");
		assertThat(finish.get("delta").isEmpty()).isTrue();
		assertThat(last.get("usage").get("completion_tokens").asInt()).isEqualTo(6);
		assertThat(last.get("elastic").get("model_level").asDouble()).isEqualTo(1.0);
		assertThat(last.get("timings").get("predicted_n").asInt()).isEqualTo(6);
		for (JsonNode middle : chunks.subList(1, chunks.size() - 1)) {
			assertThat(middle.get("choices").get(0).get("finish_reason").isNull()).isTrue();
			assertThat(middle.get("choices").get(0).get("delta").get("content").asString()).isNotEmpty();
			assertThat(middle.has("usage")).isFalse();
		}
	}

	@Test
	void streamsSameTextAsWholeResponse() {
		Map<String, Object> request = Map.of("messages", List.of(userMessage("Hello")), "max_tokens", 10, "temperature",
				0);
		String whole = post("/v1/chat/completions", request, 200).get("choices")
			.get(0)
			.get("message")
			.get("content")
			.asString();
		StringBuilder streamed = new StringBuilder();
		for (JsonNode chunk : stream("/v1/chat/completions", with(request, "stream", true))) {
			JsonNode content = chunk.get("choices").get(0).get("delta").get("content");
			streamed.append((content != null) ? content.asString() : "");
		}
		assertThat(streamed.toString()).isEqualTo(whole);
	}

	@Test
	void endsWithUsageChunkWhenAskedFor() {
		List<JsonNode> chunks = stream("/v1/chat/completions", Map.of("messages", List.of(userMessage("Hello")),
				"max_tokens", 4, "stream", true, "stream_options", Map.of("include_usage", true)));
		JsonNode finish = chunks.get(chunks.size() - 2);
		assertThat(finish.get("choices").get(0).get("finish_reason").asString()).isEqualTo("length");
		assertThat(finish.has("usage")).isFalse();
		JsonNode usage = chunks.get(chunks.size() - 1);
		assertThat(usage.get("choices")).isEmpty();
		assertThat(usage.get("usage").get("completion_tokens").asInt()).isEqualTo(4);
		assertThat(usage.get("usage").get("total_tokens").asInt())
			.isEqualTo(4 + usage.get("usage").get("prompt_tokens").asInt());
		assertThat(usage.get("elastic").get("prompt_ratio").asDouble()).isEqualTo(1.0);
		assertThat(usage.get("timings").get("e2e_ms").asDouble()).isPositive();
	}

	@Test
	void streamsCompletionChunks() {
		List<JsonNode> chunks = stream("/v1/completions",
				Map.of("prompt", "Hello", "max_tokens", 5, "temperature", 0, "stream", true));
		assertThat(chunks).allSatisfy((chunk) -> {
			assertThat(chunk.get("object").asString()).isEqualTo("text_completion");
			assertThat(chunk.get("id").asString()).startsWith("cmpl-");
		});
		JsonNode last = chunks.get(chunks.size() - 1);
		assertThat(last.get("choices").get(0).get("finish_reason").asString()).isEqualTo("length");
		assertThat(last.get("usage").get("completion_tokens").asInt()).isEqualTo(5);
		assertThat(last.get("elastic").get("model_level").asDouble()).isEqualTo(1.0);
		StringBuilder streamed = new StringBuilder();
		chunks.forEach((chunk) -> streamed.append(chunk.get("choices").get(0).get("text").asString()));
		String whole = post("/v1/completions", Map.of("prompt", "Hello", "max_tokens", 5, "temperature", 0), 200)
			.get("choices")
			.get(0)
			.get("text")
			.asString();
		assertThat(streamed.toString()).isEqualTo(whole);
	}

	@Test
	void endsCompletionStreamWithUsageChunkWhenAskedFor() {
		List<JsonNode> chunks = stream("/v1/completions", Map.of("prompt", "Hello", "max_tokens", 3, "stream", true,
				"stream_options", Map.of("include_usage", true)));
		assertThat(chunks.get(chunks.size() - 2).get("choices").get(0).get("finish_reason").asString())
			.isEqualTo("length");
		JsonNode usage = chunks.get(chunks.size() - 1);
		assertThat(usage.get("choices")).isEmpty();
		assertThat(usage.get("usage").get("completion_tokens").asInt()).isEqualTo(3);
		assertThat(usage.get("timings").get("predicted_n").asInt()).isEqualTo(3);
	}

	static Map<String, Object> with(Map<String, Object> body, String key, Object value) {
		Map<String, Object> copy = new java.util.HashMap<>(body);
		copy.put(key, value);
		return copy;
	}

}
