package ai.elms.node.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * One server-sent event of a streamed chat completion
 * ({@code object: chat.completion.chunk}). The last chunk carries usage, elastic and
 * timings: the one with the finish reason, or the extra one with empty choices when
 * {@code stream_options.include_usage} asks for it.
 *
 * @param id the same for every chunk of a completion
 * @param object always {@code chat.completion.chunk}
 * @param created Unix seconds at arrival
 * @param model the served model id
 * @param systemFingerprint identifies the package that answered
 * @param choices one choice, or none in the usage chunk
 * @param usage token counts, in the last chunk
 * @param elastic the level that served and why, in the last chunk
 * @param timings where the time went, in the last chunk
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
record ChatCompletionChunk(String id, String object, long created, String model, String systemFingerprint,
		List<Choice> choices, Usage usage, Elastic elastic, Timings timings) {

	/**
	 * @param index always 0
	 * @param delta what this chunk adds
	 * @param logprobs not supported: null
	 * @param finishReason null until the last choice chunk
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	@JsonInclude(JsonInclude.Include.ALWAYS)
	record Choice(int index, Delta delta, Object logprobs, String finishReason) {
	}

	/**
	 * @param role {@code assistant} in the first chunk only
	 * @param content text generated since the previous chunk
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Delta(String role, String content) {
	}

}
