package ai.elms.node.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code POST /v1/chat/completions}: OpenAI's fields that a text model can honour, plus
 * the ELMS {@code slo}. Unknown fields are ignored, as OpenAI does.
 *
 * @param model the model id; any value is accepted, the served model answers
 * @param messages the conversation
 * @param maxTokens most tokens to generate (deprecated by OpenAI for
 * max_completion_tokens)
 * @param maxCompletionTokens most tokens to generate; wins over max_tokens
 * @param temperature 0 is greedy; default 1
 * @param topP nucleus share; default 1
 * @param seed seed of the sampler, for reproducible sampled outputs
 * @param stop up to 4 strings that end the generation
 * @param n choices to generate; only 1
 * @param stream whether to stream server-sent events
 * @param streamOptions options of the stream
 * @param user an end-user id; ignored
 * @param slo the latency objective
 * @param strategy how the level and prompt ratio are chosen; unset means the node's
 * @param options answers to score after the prompt as served (ELMS): each by the mean
 * log-probability of its tokens and the end token, the multiple-choice scoring of the
 * publication
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record ChatCompletionRequest(String model, @NotEmpty List<@NotNull @Valid RequestMessage> messages,
		@Positive Integer maxTokens, @Positive Integer maxCompletionTokens,
		@DecimalMin("0") @DecimalMax("2") Double temperature,
		@DecimalMin(value = "0", inclusive = false) @DecimalMax("1") Double topP, Long seed,
		@JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) @Size(max = 4) List<@NotEmpty String> stop,
		@Min(value = 1, message = "only n = 1 is supported") @Max(value = 1,
				message = "only n = 1 is supported") Integer n,
		Boolean stream, StreamOptions streamOptions, String user, @Valid RequestSlo slo, String strategy,
		@Size(min = 1, max = Admission.MAX_OPTIONS) List<@NotNull @NotEmpty String> options)
		implements
			GenerationParameters {
}
