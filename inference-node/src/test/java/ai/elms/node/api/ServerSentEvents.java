package ai.elms.node.api;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads a raw event stream the way a strict OpenAI client does. */
final class ServerSentEvents {

	private static final JsonMapper json = JsonMapper.builder().build();

	private ServerSentEvents() {
	}

	/**
	 * Posts a streamed request and reads its chunks: 200, an event stream, framed as
	 * {@link #chunks} checks.
	 */
	static List<JsonNode> post(WebTestClient http, String path, Object body) {
		String events = http.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_EVENT_STREAM)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		return chunks(events);
	}

	/**
	 * The JSON payloads of a complete stream, after checking the framing: every event is
	 * one {@code data: } line followed by a blank line, and the last is
	 * {@code data: [DONE]}.
	 */
	static List<JsonNode> chunks(String body) {
		assertThat(body).endsWith("data: [DONE]\n\n");
		String[] events = body.split("\n\n", -1);
		List<JsonNode> chunks = new ArrayList<>();
		for (int i = 0; i < events.length - 2; i++) {
			assertThat(events[i]).startsWith("data: {").doesNotContain("\n");
			chunks.add(json.readTree(events[i].substring("data: ".length())));
		}
		assertThat(events[events.length - 2]).isEqualTo("data: [DONE]");
		assertThat(events[events.length - 1]).isEmpty();
		return chunks;
	}

}
