package ai.elms.node.api;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import ai.elms.node.NodeHttpTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ErrorsHttpTest extends NodeHttpTest {

	private static final String HELLO = "{\"role\": \"user\", \"content\": \"Hello\"}";

	static Stream<Arguments> invalidChatRequests() {
		return Stream.of(arguments("no messages", "{}", "messages"),
				arguments("empty messages", "{\"messages\": []}", "messages"),
				arguments("messages not an array", "{\"messages\": \"Hello\"}", "messages"),
				arguments("message not an object", "{\"messages\": [\"Hello\"]}", "messages[0]"),
				arguments("unknown role", "{\"messages\": [{\"role\": \"robot\", \"content\": \"Hi\"}]}",
						"messages[0].role"),
				arguments("missing role", "{\"messages\": [{\"content\": \"Hi\"}]}", "messages[0].role"),
				arguments("missing content", "{\"messages\": [{\"role\": \"user\"}]}", "messages[0].content"),
				arguments("content a number", "{\"messages\": [{\"role\": \"user\", \"content\": 42}]}",
						"messages[0].content"),
				arguments("content an image part",
						"{\"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"image_url\", \"image_url\": {}}]}]}",
						"messages[0].content"),
				arguments("max_tokens a string", body("\"max_tokens\": \"8\""), "max_tokens"),
				arguments("max_tokens a fraction", body("\"max_tokens\": 1.5"), "max_tokens"),
				arguments("max_tokens zero", body("\"max_tokens\": 0"), "max_tokens"),
				arguments("max_tokens negative", body("\"max_tokens\": -5"), "max_tokens"),
				arguments("max_completion_tokens zero", body("\"max_completion_tokens\": 0"), "max_completion_tokens"),
				arguments("temperature a string", body("\"temperature\": \"hot\""), "temperature"),
				arguments("temperature above 2", body("\"temperature\": 2.5"), "temperature"),
				arguments("temperature negative", body("\"temperature\": -0.1"), "temperature"),
				arguments("top_p zero", body("\"top_p\": 0"), "top_p"),
				arguments("top_p above 1", body("\"top_p\": 1.5"), "top_p"),
				arguments("seed a string", body("\"seed\": \"abc\""), "seed"),
				arguments("n of 2", body("\"n\": 2"), "n"),
				arguments("stream a string", body("\"stream\": \"yes\""), "stream"),
				arguments("five stop strings", body("\"stop\": [\"a\", \"b\", \"c\", \"d\", \"e\"]"), "stop"),
				arguments("empty stop string", body("\"stop\": [\"\"]"), "stop[0]"),
				arguments("stop a number", body("\"stop\": 3"), "stop"),
				arguments("stream_options without stream", body("\"stream_options\": {\"include_usage\": true}"),
						"stream_options"),
				arguments("ttft SLO zero", body("\"slo\": {\"ttft_ms\": 0}"), "slo.ttft_ms"),
				arguments("tpot SLO negative", body("\"slo\": {\"tpot_ms\": -1}"), "slo.tpot_ms"),
				arguments("ttft SLO over an hour", body("\"slo\": {\"ttft_ms\": 3600001}"), "slo.ttft_ms"),
				arguments("SLO a string", body("\"slo\": {\"ttft_ms\": \"fast\"}"), "slo.ttft_ms"),
				arguments("max_tokens beyond the context", body("\"max_tokens\": 4096"), "max_tokens"),
				arguments("no options", body("\"options\": []"), "options"),
				arguments("empty option", body("\"options\": [\"Phone\", \"\"]"), "options[1]"),
				arguments("options a string", body("\"options\": 3"), "options"),
				arguments("257 options", body("\"options\": [" + "\"a\", ".repeat(256) + "\"b\"]"), "options"),
				arguments("option beyond the context", body("\"options\": [\"" + "word ".repeat(3000) + "\"]"),
						"options"));
	}

	private static String body(String field) {
		return "{\"messages\": [" + HELLO + "], " + field + "}";
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidChatRequests")
	void rejectsInvalidChatRequestWith400(String description, String body, String param) {
		JsonNode error = error(postRaw("/v1/chat/completions", body, MediaType.APPLICATION_JSON), 400);
		assertThat(error.get("param").asString()).isEqualTo(param);
		assertThat(error.get("message").asString()).isNotBlank();
	}

	static Stream<Arguments> invalidCompletionRequests() {
		return Stream.of(arguments("no prompt", "{}", "prompt"),
				arguments("prompt of two strings", "{\"prompt\": [\"a\", \"b\"]}", "prompt"),
				arguments("prompt of tokens", "{\"prompt\": [1, 2, 3]}", "prompt[0]"),
				arguments("prompt a number", "{\"prompt\": 12}", "prompt"),
				arguments("empty prompt", "{\"prompt\": \"\"}", "prompt"),
				arguments("max_tokens zero", "{\"prompt\": \"Hi\", \"max_tokens\": 0}", "max_tokens"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidCompletionRequests")
	void rejectsInvalidCompletionRequestWith400(String description, String body, String param) {
		JsonNode error = error(postRaw("/v1/completions", body, MediaType.APPLICATION_JSON), 400);
		assertThat(error.get("param").asString()).isEqualTo(param);
	}

	@Test
	void rejectsMalformedJson() {
		JsonNode error = error(postRaw("/v1/chat/completions", "{\"messages\": [", MediaType.APPLICATION_JSON), 400);
		assertThat(error.get("message").asString()).startsWith("the request body is not valid JSON");
		assertThat(error.get("message").asString()).doesNotContain("Source:");
	}

	@Test
	void rejectsMissingBody() {
		JsonNode error = error(postRaw("/v1/chat/completions", "", MediaType.APPLICATION_JSON), 400);
		assertThat(error.get("message").asString()).contains("body");
	}

	@Test
	void rejectsBodyThatIsNotAnObject() {
		error(postRaw("/v1/chat/completions", "[1, 2]", MediaType.APPLICATION_JSON), 400);
	}

	@Test
	void rejectsPromptLongerThanContext() {
		String prompt = "word ".repeat(5000);
		JsonNode error = error(
				postRaw("/v1/completions", "{\"prompt\": \"" + prompt + "\"}", MediaType.APPLICATION_JSON), 400);
		assertThat(error.get("code").asString()).isEqualTo("context_length_exceeded");
		assertThat(error.get("param").asString()).isEqualTo("prompt");
		JsonNode chatError = error(postRaw("/v1/chat/completions",
				"{\"messages\": [{\"role\": \"user\", \"content\": \"" + prompt + "\"}]}", MediaType.APPLICATION_JSON),
				400);
		assertThat(chatError.get("code").asString()).isEqualTo("context_length_exceeded");
		assertThat(chatError.get("param").asString()).isEqualTo("messages");
	}

	@Test
	void rejectsHugePromptFromItsPrefix() {
		String prompt = "word ".repeat(40_000);
		JsonNode error = error(
				postRaw("/v1/completions", "{\"prompt\": \"" + prompt + "\"}", MediaType.APPLICATION_JSON), 400);
		assertThat(error.get("code").asString()).isEqualTo("context_length_exceeded");
		assertThat(error.get("message").asString()).contains("more than");
	}

	@Test
	void rejectsPromptPlusMaxTokensOverContext() {
		JsonNode error = error(
				postRaw("/v1/completions", "{\"prompt\": \"Hello\", \"max_tokens\": 4094}", MediaType.APPLICATION_JSON),
				400);
		assertThat(error.get("code").asString()).isEqualTo("context_length_exceeded");
		assertThat(error.get("message").asString()).contains("4096");
	}

	@Test
	void rejectsInvalidSloHeaders() {
		for (String value : List.of("fast", "0", "-3", "3600001", "NaN")) {
			Exchange response = new Exchange(this.http.post()
				.uri("/v1/chat/completions")
				.contentType(MediaType.APPLICATION_JSON)
				.header("x-slo-ttft-ms", value)
				.bodyValue(Map.of("messages", List.of(userMessage("Hello")))));
			assertThat(error(response, 400).get("param").asString()).as(value).isEqualTo("x-slo-ttft-ms");
		}
		Exchange tpot = new Exchange(this.http.post()
			.uri("/v1/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.header("x-slo-tpot-ms", "slow")
			.bodyValue(Map.of("messages", List.of(userMessage("Hello")))));
		assertThat(error(tpot, 400).get("param").asString()).isEqualTo("x-slo-tpot-ms");
	}

	@Test
	void rejectsBodyThatIsNotJson() {
		JsonNode error = error(postRaw("/v1/chat/completions", "messages=hi", MediaType.APPLICATION_FORM_URLENCODED),
				415);
		assertThat(error.get("message").asString()).contains("application/json");
	}

	@Test
	void answersUnknownPathWith404() {
		JsonNode error = error(new Exchange(this.http.get().uri("/v1/nothing/here")), 404);
		assertThat(error.get("message").asString()).contains("/v1/nothing/here");
		error(new Exchange(this.http.get().uri("/")), 404);
	}

	@Test
	void answersUnknownModelWith404() {
		JsonNode error = error(new Exchange(this.http.get().uri("/v1/models/gpt-4o")), 404);
		assertThat(error.get("code").asString()).isEqualTo("model_not_found");
	}

	@Test
	void answersWrongMethodWith405() {
		Exchange response = new Exchange(this.http.get().uri("/v1/chat/completions"));
		JsonNode error = error(response, 405);
		assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
		assertThat(response.allow()).contains("POST");
		error(new Exchange(this.http.delete().uri("/v1/models")), 405);
	}

	private Exchange postRaw(String path, String body, MediaType type) {
		return new Exchange(this.http.post().uri(path).contentType(type).bodyValue(body));
	}

	/** Asserts the status and OpenAI's error shape, returns the inner error. */
	private static JsonNode error(Exchange response, int status) {
		assertThat(response.status()).isEqualTo(status);
		assertThat(response.contentType()).startsWith(MediaType.APPLICATION_JSON_VALUE);
		JsonNode error = json.readTree(response.body()).get("error");
		assertThat(error).isNotNull();
		assertThat(error.has("message") && error.has("type") && error.has("param") && error.has("code")).isTrue();
		assertThat(error.get("type").asString()).isEqualTo("invalid_request_error");
		return error;
	}

	/** The parts of a response an error check needs. */
	private static final class Exchange {

		private final EntityExchangeResult<String> result;

		Exchange(WebTestClient.RequestHeadersSpec<?> request) {
			this.result = request.exchange().expectBody(String.class).returnResult();
		}

		int status() {
			return this.result.getStatus().value();
		}

		String contentType() {
			return String.valueOf(this.result.getResponseHeaders().getContentType());
		}

		String body() {
			return this.result.getResponseBody();
		}

		String allow() {
			return String.valueOf(this.result.getResponseHeaders().getAllow());
		}

	}

}
