package ai.elms.node.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * A completion ({@code object: text_completion}), whole or one streamed chunk of it, as
 * OpenAI uses the same shape for both.
 *
 * @param id {@code cmpl-...}, the same for every chunk
 * @param object always {@code text_completion}
 * @param created Unix seconds at arrival
 * @param model the served model id
 * @param systemFingerprint identifies the package that answered
 * @param choices one choice, or none in the usage chunk of a stream
 * @param usage token counts (in the last chunk of a stream)
 * @param elastic the level that served and why (in the last chunk of a stream)
 * @param timings where the time went (in the last chunk of a stream)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
record TextCompletion(String id, String object, long created, String model, String systemFingerprint,
		List<Choice> choices, Usage usage, Elastic elastic, Timings timings) {

	/**
	 * @param text the generated text, or the part of it this chunk adds
	 * @param index always 0
	 * @param logprobs not supported: null
	 * @param finishReason {@code stop} or {@code length}; null until the last choice
	 * chunk
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	@JsonInclude(JsonInclude.Include.ALWAYS)
	record Choice(String text, int index, Object logprobs, String finishReason) {
	}

}
