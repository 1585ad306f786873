package ai.elms.gateway.proxy;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.regex.Pattern;

import ai.elms.engine.orchestration.Strategy;
import ai.elms.engine.profile.LatencySlo;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpHeaders;

/**
 * What the gateway reads of a completion request before it forwards it: enough to route
 * and record it, checked as the node checks it. The rest is the node's to check.
 *
 * @param body the body to forward (without the gateway's own {@code sheddable} field)
 * @param stream whether the answer is streamed
 * @param model the model asked for, or null
 * @param strategy the strategy asked for, or null
 * @param slo the SLO, from the body or the {@code x-slo-*} headers
 * @param sheddable whether the gateway may refuse it (429) when no node can meet its SLO
 * @param promptTokens the prompt's estimated length in tokens
 */
record ParsedRequest(byte[] body, boolean stream, String model, Strategy strategy, LatencySlo slo, boolean sheddable,
		int promptTokens) {

	static final String TTFT_HEADER = "x-slo-ttft-ms";

	static final String TPOT_HEADER = "x-slo-tpot-ms";

	/** A tag the records carry, such as a device-lab campaign's id. */
	static final String CAMPAIGN_HEADER = "x-elms-campaign";

	private static final Pattern CAMPAIGN = Pattern.compile("[A-Za-z0-9._-]{1,64}");

	private static final double MAX_SLO_MS = 3_600_000;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** A request the gateway refuses, with the parameter at fault. */
	static final class Invalid extends RuntimeException {

		private final String param;

		Invalid(String message, String param) {
			super(message, null, false, false);
			this.param = param;
		}

		String param() {
			return this.param;
		}

	}

	/**
	 * @param chat whether it is a chat completion (else a text completion)
	 * @throws Invalid what is wrong with it
	 */
	static ParsedRequest parse(byte[] body, HttpHeaders headers, boolean chat, double charsPerToken) {
		JsonNode root;
		try {
			root = JSON.readTree(body);
		}
		catch (JacksonException ex) {
			throw new Invalid("We could not parse the JSON body of your request.", null);
		}
		if (root == null || !root.isObject()) {
			throw new Invalid("The body of your request must be a JSON object.", null);
		}
		ObjectNode object = (ObjectNode) root;
		JsonNode stream = object.get("stream");
		if (stream != null && !stream.isNull() && !stream.isBoolean()) {
			throw new Invalid("'stream' must be a boolean", "stream");
		}
		String model = text(object, "model");
		String strategyName = text(object, "strategy");
		Strategy strategy = null;
		if (strategyName != null) {
			try {
				strategy = Strategy.of(strategyName);
			}
			catch (IllegalArgumentException ex) {
				throw new Invalid(ex.getMessage(), "strategy");
			}
		}
		JsonNode sheddable = object.remove("sheddable");
		if (sheddable != null && !sheddable.isNull() && !sheddable.isBoolean()) {
			throw new Invalid("'sheddable' must be a boolean", "sheddable");
		}
		LatencySlo slo = slo(object, headers);
		int chars = chat ? messageChars(object) : promptChars(object);
		byte[] forwarded = (sheddable != null) ? JSON.writeValueAsString(object).getBytes(StandardCharsets.UTF_8)
				: body;
		return new ParsedRequest(forwarded, stream != null && stream.asBoolean(), model, strategy, slo,
				sheddable != null && sheddable.asBoolean(), (int) Math.ceil(chars / charsPerToken));
	}

	/** The request's campaign tag, or null. */
	static String campaign(HttpHeaders headers) {
		String value = headers.getFirst(CAMPAIGN_HEADER);
		if (value == null) {
			return null;
		}
		if (!CAMPAIGN.matcher(value).matches()) {
			throw new Invalid(
					"header " + CAMPAIGN_HEADER + " must be 1 to 64 letters, digits, dots, dashes or " + "underscores",
					CAMPAIGN_HEADER);
		}
		return value;
	}

	private static String text(ObjectNode object, String field) {
		JsonNode value = object.get(field);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			throw new Invalid("'" + field + "' must be a string", field);
		}
		return value.asString();
	}

	private static LatencySlo slo(ObjectNode object, HttpHeaders headers) {
		Double ttft = header(headers, TTFT_HEADER);
		Double tpot = header(headers, TPOT_HEADER);
		JsonNode slo = object.get("slo");
		if (slo != null && !slo.isNull()) {
			if (!slo.isObject()) {
				throw new Invalid("'slo' must be an object with ttft_ms and tpot_ms", "slo");
			}
			ttft = (ttft != null) ? ttft : number(slo.get("ttft_ms"), "slo.ttft_ms");
			tpot = (tpot != null) ? tpot : number(slo.get("tpot_ms"), "slo.tpot_ms");
		}
		return new LatencySlo(ttft, tpot);
	}

	private static Double header(HttpHeaders headers, String name) {
		String value = headers.getFirst(name);
		if (value == null) {
			return null;
		}
		try {
			return check(Double.parseDouble(value.strip()), name);
		}
		catch (NumberFormatException ex) {
			throw new Invalid("header " + name + " must be a number of milliseconds", name);
		}
	}

	private static Double number(JsonNode value, String param) {
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isNumber()) {
			throw new Invalid("'" + param + "' must be a number of milliseconds", param);
		}
		return check(value.asDouble(), param);
	}

	private static double check(double ms, String param) {
		if (!(ms > 0) || ms > MAX_SLO_MS) {
			throw new Invalid("'" + param + "' must be more than 0 and at most " + (long) MAX_SLO_MS + " ms", param);
		}
		return ms;
	}

	private static int messageChars(ObjectNode object) {
		JsonNode messages = object.get("messages");
		if (messages == null || !messages.isArray() || messages.isEmpty()) {
			throw new Invalid("'messages' must be a non-empty array", "messages");
		}
		int chars = 0;
		for (JsonNode message : messages) {
			JsonNode content = (message != null) ? message.get("content") : null;
			if (content == null) {
				continue;
			}
			if (content.isString()) {
				chars += content.asString().length();
			}
			else if (content.isArray()) {
				for (JsonNode part : content) {
					JsonNode text = part.get("text");
					chars += (text != null && text.isString()) ? text.asString().length() : 0;
				}
			}
		}
		return chars;
	}

	private static int promptChars(ObjectNode object) {
		JsonNode prompt = object.get("prompt");
		if (prompt == null || prompt.isNull()) {
			throw new Invalid("'prompt' is required", "prompt");
		}
		if (prompt.isString()) {
			return prompt.asString().length();
		}
		int chars = 0;
		if (prompt.isArray()) {
			for (Iterator<JsonNode> it = prompt.iterator(); it.hasNext();) {
				JsonNode part = it.next();
				chars += part.isString() ? part.asString().length() : 4;
			}
		}
		return chars;
	}

}
