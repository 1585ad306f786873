package ai.elms.gateway.proxy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import io.netty.buffer.ByteBuf;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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

	/** The bytes not read yet: a whole answer, or a stream's unfinished line. */
	private byte[] pending = new byte[512];

	private int length;

	private String model;

	private JsonNode elastic;

	private JsonNode usage;

	private JsonNode timings;

	private boolean tooLong;

	AnswerReader(boolean stream) {
		this.stream = stream;
	}

	/** Reads a piece of the answer; lines and characters may be split between pieces. */
	void read(ByteBuf buffer) {
		int size = buffer.readableBytes();
		if (!this.stream && (this.tooLong || this.length + size > MAX_WHOLE)) {
			this.tooLong = true;
			return;
		}
		if (this.length + size > this.pending.length) {
			this.pending = Arrays.copyOf(this.pending, Math.max(this.pending.length * 2, this.length + size));
		}
		buffer.getBytes(buffer.readerIndex(), this.pending, this.length, size);
		int from = this.length;
		this.length += size;
		if (this.stream) {
			readLines(from);
		}
	}

	private void readLines(int from) {
		int start = 0;
		for (int i = from; i < this.length; i++) {
			if (this.pending[i] == '\n') {
				line(start, i);
				start = i + 1;
			}
		}
		if (start > 0) {
			System.arraycopy(this.pending, start, this.pending, 0, this.length - start);
			this.length -= start;
		}
	}

	private void line(int start, int end) {
		String line = new String(this.pending, start, end - start, StandardCharsets.UTF_8).strip();
		if (line.startsWith("data:")) {
			String data = line.substring(5).strip();
			if (data.startsWith("{") && (this.model == null || data.contains("\"usage\"")
					|| data.contains("\"timings\"") || data.contains("\"elastic\""))) {
				take(data);
			}
		}
	}

	/** The answer is complete: a whole one is read now. */
	void finish() {
		if (!this.stream && !this.tooLong && this.length > 0) {
			try {
				take(JSON.readTree(this.pending, 0, this.length));
			}
			catch (JacksonException ex) {
				// not JSON the node would send: nothing to record from it
			}
		}
	}

	private void take(String json) {
		try {
			take(JSON.readTree(json));
		}
		catch (JacksonException ex) {
			// not JSON the node would send: nothing to record from it
		}
	}

	private void take(JsonNode node) {
		if (node == null) {
			return;
		}
		if (node.hasNonNull("model")) {
			this.model = node.get("model").asString();
		}
		this.elastic = node.hasNonNull("elastic") ? node.get("elastic") : this.elastic;
		this.usage = node.hasNonNull("usage") ? node.get("usage") : this.usage;
		this.timings = node.hasNonNull("timings") ? node.get("timings") : this.timings;
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
