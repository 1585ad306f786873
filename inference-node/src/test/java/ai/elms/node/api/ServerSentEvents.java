package ai.elms.node.api;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Reads a raw event stream the way a strict OpenAI client does. */
final class ServerSentEvents {

	private static final JsonMapper json = JsonMapper.builder().build();

	private ServerSentEvents() {
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
