package ai.elms.gateway.proxy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import io.netty.buffer.ByteBuf;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
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
	private final ByteArray pending = new ByteArray(512);

	/** What the record takes of the answer, by its {@link Field#ordinal()}. */
	private final Object[] values = new Object[Field.values().length];

	private boolean tooLong;

	AnswerReader(boolean stream) {
		this.stream = stream;
	}

	/** Reads a piece of the answer; lines and characters may be split between pieces. */
	void read(ByteBuf buffer) {
		int size = buffer.readableBytes();
		if (!this.stream && (this.tooLong || this.pending.length() + size > MAX_WHOLE)) {
			this.tooLong = true;
			return;
		}
		int from = this.pending.length();
		this.pending.append(buffer, size);
		if (this.stream) {
			readLines(from);
		}
	}

	private void readLines(int from) {
		byte[] bytes = this.pending.array();
		int start = 0;
		for (int i = from; i < this.pending.length(); i++) {
			if (bytes[i] == '\n') {
				line(new String(bytes, start, i - start, StandardCharsets.UTF_8).strip());
				start = i + 1;
			}
		}
		this.pending.drop(start);
	}

	private void line(String line) {
		if (line.startsWith("data:")) {
			String data = line.substring(5).strip();
			if (data.startsWith("{") && (this.values[Field.MODEL.ordinal()] == null || data.contains("\"usage\"")
					|| data.contains("\"timings\"") || data.contains("\"elastic\""))) {
				take(() -> JSON.createParser(data));
			}
		}
	}

	/** The answer is complete: a whole one is read now. */
	void finish() {
		if (!this.stream && !this.tooLong && this.pending.length() > 0) {
			take(() -> JSON.createParser(this.pending.array(), 0, this.pending.length()));
		}
	}

	/**
	 * Reads one JSON object's recorded fields as they stream by, skipping the rest (the
	 * completion's text above all); an object given again replaces the one before.
	 */
	private void take(Supplier<JsonParser> json) {
		try (JsonParser parser = json.get()) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return;
			}
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				JsonToken value = parser.nextToken();
				if (name.equals("model") && value == JsonToken.VALUE_STRING) {
					this.values[Field.MODEL.ordinal()] = parser.getString();
				}
				else if (value == JsonToken.START_OBJECT && Field.IN_OBJECT.containsKey(name)) {
					List<Field> fields = Field.IN_OBJECT.get(name);
					fields.forEach((field) -> this.values[field.ordinal()] = null);
					readObject(parser, fields);
				}
				else {
					parser.skipChildren();
				}
			}
		}
		catch (JacksonException ex) {
			// not JSON the node would send: nothing (more) to record from it
		}
	}

	private void readObject(JsonParser parser, List<Field> fields) {
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			JsonToken value = parser.nextToken();
			Field field = null;
			for (Field candidate : fields) {
				if (candidate.property.equals(name)) {
					field = candidate;
				}
			}
			if (field == null) {
				parser.skipChildren();
			}
			else if (field.text && value == JsonToken.VALUE_STRING) {
				this.values[field.ordinal()] = parser.getString();
			}
			else if (!field.text && value.isNumeric()) {
				this.values[field.ordinal()] = parser.getDoubleValue();
			}
			else {
				parser.skipChildren();
			}
		}
	}

	String model() {
		return (String) this.values[Field.MODEL.ordinal()];
	}

	String strategy() {
		return (String) this.values[Field.STRATEGY.ordinal()];
	}

	Double modelLevel() {
		return number(Field.MODEL_LEVEL);
	}

	Double promptRatio() {
		return number(Field.PROMPT_RATIO);
	}

	Integer promptTokens() {
		Double value = number(Field.PROMPT_TOKENS);
		return (value != null) ? value.intValue() : null;
	}

	Integer completionTokens() {
		Double value = number(Field.COMPLETION_TOKENS);
		return (value != null) ? value.intValue() : null;
	}

	Double queueMs() {
		return number(Field.QUEUE_MS);
	}

	Double ttftMs() {
		return number(Field.TTFT_MS);
	}

	Double tpotMs() {
		return number(Field.TPOT_MS);
	}

	Double e2eMs() {
		return number(Field.E2E_MS);
	}

	private Double number(Field field) {
		return (Double) this.values[field.ordinal()];
	}

	/** The answer's fields a record takes: the model, and those of three objects. */
	private enum Field {

		MODEL(null, "model", true), STRATEGY("elastic", "strategy", true), MODEL_LEVEL("elastic", "model_level", false),
		PROMPT_RATIO("elastic", "prompt_ratio", false), PROMPT_TOKENS("usage", "prompt_tokens", false),
		COMPLETION_TOKENS("usage", "completion_tokens", false), QUEUE_MS("timings", "queue_ms", false),
		TTFT_MS("timings", "ttft_ms", false), TPOT_MS("timings", "tpot_ms", false), E2E_MS("timings", "e2e_ms", false);

		/** The fields of each object, by the object's name. */
		static final Map<String, List<Field>> IN_OBJECT = Arrays.stream(values())
			.filter((field) -> field.object != null)
			.collect(Collectors.groupingBy((field) -> field.object));

		final String object;

		final String property;

		final boolean text;

		Field(String object, String property, boolean text) {
			this.object = object;
			this.property = property;
			this.text = text;
		}

	}

}
