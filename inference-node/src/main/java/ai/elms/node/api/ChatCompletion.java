package ai.elms.node.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A non-streamed chat completion ({@code object: chat.completion}) with the ELMS
 * extensions.
 *
 * @param id {@code chatcmpl-...}
 * @param object always {@code chat.completion}
 * @param created Unix seconds at arrival
 * @param model the served model id
 * @param systemFingerprint identifies the package that answered
 * @param choices exactly one
 * @param usage token counts
 * @param elastic the level that served and why
 * @param timings where the time went
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
record ChatCompletion(String id, String object, long created, String model, String systemFingerprint,
		List<Choice> choices, Usage usage, Elastic elastic, Timings timings) {

	/**
	 * @param index always 0
	 * @param message the answer
	 * @param logprobs not supported: null
	 * @param finishReason {@code stop} or {@code length}
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	@JsonInclude(JsonInclude.Include.ALWAYS)
	record Choice(int index, Message message, Object logprobs, String finishReason) {
	}

	/**
	 * @param role always {@code assistant}
	 * @param content the generated text
	 * @param refusal never set: null
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	record Message(String role, String content, String refusal) {
	}

}
