package ai.elms.gateway.proxy;

import java.nio.charset.StandardCharsets;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBuffer;

/**
 * Reads what the record needs from a node's answer as it passes through, without holding
 * it back: the model, the {@code elastic} field (strategy, level, prompt ratio),
 * {@code usage} and {@code timings}. A streamed answer is read event by event (the node
 * puts them in its last events), a whole one at its end.
 */
final class AnswerReader {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** A whole answer longer than this is not read for the record. */
	private static final int MAX_WHOLE = 4 * 1024 * 1024;

	private final boolean stream;

	private final StringBuilder text = new StringBuilder();

	private String model;

	private JsonNode elastic;

	private JsonNode usage;

	private JsonNode timings;

	private boolean tooLong;

	AnswerReader(boolean stream) {
		this.stream = stream;
	}

	void read(DataBuffer buffer) {
		String chunk = buffer.toString(buffer.readPosition(), buffer.readableByteCount(), StandardCharsets.UTF_8);
		if (!this.stream) {
			if (this.text.length() + chunk.length() > MAX_WHOLE) {
				this.tooLong = true;
			}
			else {
				this.text.append(chunk);
			}
			return;
		}
		this.text.append(chunk);
		int end;
		while ((end = this.text.indexOf("\n")) >= 0) {
			String line = this.text.substring(0, end).strip();
			this.text.delete(0, end + 1);
			if (line.startsWith("data:")) {
				String data = line.substring(5).strip();
				if (data.startsWith("{") && (data.contains("\"usage\"") || data.contains("\"timings\"")
						|| data.contains("\"elastic\""))) {
					take(data);
				}
				else if (data.startsWith("{") && this.model == null) {
					take(data);
				}
			}
		}
	}

	/** The answer is complete: a whole one is read now. */
	void finish() {
		if (!this.stream && !this.tooLong && this.text.length() > 0) {
			take(this.text.toString());
		}
	}

	private void take(String json) {
		try {
			JsonNode node = JSON.readTree(json);
			if (node.hasNonNull("model")) {
				this.model = node.get("model").asString();
			}
			this.elastic = node.hasNonNull("elastic") ? node.get("elastic") : this.elastic;
			this.usage = node.hasNonNull("usage") ? node.get("usage") : this.usage;
			this.timings = node.hasNonNull("timings") ? node.get("timings") : this.timings;
		}
		catch (JacksonException ex) {
			// not JSON the node would send: nothing to record from it
		}
	}

	String model() {
		return this.model;
	}

	String strategy() {
		return text(this.elastic, "strategy");
	}

	Double modelLevel() {
		return number(this.elastic, "model_level");
	}

	Double promptRatio() {
		return number(this.elastic, "prompt_ratio");
	}

	Integer promptTokens() {
		Double value = number(this.usage, "prompt_tokens");
		return (value != null) ? value.intValue() : null;
	}

	Integer completionTokens() {
		Double value = number(this.usage, "completion_tokens");
		return (value != null) ? value.intValue() : null;
	}

	Double queueMs() {
		return number(this.timings, "queue_ms");
	}

	Double ttftMs() {
		return number(this.timings, "ttft_ms");
	}

	Double tpotMs() {
		return number(this.timings, "tpot_ms");
	}

	Double e2eMs() {
		return number(this.timings, "e2e_ms");
	}

	private static Double number(JsonNode node, String field) {
		return (node != null && node.hasNonNull(field) && node.get(field).isNumber()) ? node.get(field).asDouble()
				: null;
	}

	private static String text(JsonNode node, String field) {
		return (node != null && node.hasNonNull(field)) ? node.get(field).asString() : null;
	}

}
