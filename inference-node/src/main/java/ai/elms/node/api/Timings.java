package ai.elms.node.api;

import ai.elms.engine.GenerationResult;
import ai.elms.node.scheduling.InferenceOutcome;
import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Where the time went, in milliseconds (names as llama.cpp's server reports them, plus
 * the SLO figures).
 *
 * @param queueMs from arrival to dispatch
 * @param ttftMs from arrival to the first token, queue included
 * @param promptN prompt tokens
 * @param promptMs the prefill pass over the prompt
 * @param predictedN tokens generated
 * @param predictedMs producing the generated tokens (sampling the first, then decoding)
 * @param predictedPerTokenMs {@code predictedMs / predictedN}
 * @param tpotMs time per output token after the first, the SLO's TPOT
 * @param e2eMs from arrival to the last token
 * @param sloTtftMet whether the TTFT SLO was met; {@code null} without one
 * @param sloTpotMet whether the TPOT SLO was met; {@code null} without one
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record Timings(double queueMs, double ttftMs, int promptN, double promptMs, int predictedN, double predictedMs,
		double predictedPerTokenMs, double tpotMs, double e2eMs,
		@JsonInclude(JsonInclude.Include.ALWAYS) Boolean sloTtftMet,
		@JsonInclude(JsonInclude.Include.ALWAYS) Boolean sloTpotMet) {

	static Timings of(InferenceOutcome outcome) {
		GenerationResult result = outcome.result();
		double predictedMs = result.ttftMs() - result.prefillMs() + result.decodeMs();
		double perTokenMs = (result.completionTokens() > 0) ? predictedMs / result.completionTokens() : 0;
		return new Timings(round(outcome.queueMs()), round(outcome.ttftMs()), result.promptTokens(),
				round(result.prefillMs()), result.completionTokens(), round(predictedMs), round(perTokenMs),
				round(result.tpotMs()), round(outcome.e2eMs()), outcome.sloTtftMet(), outcome.sloTpotMet());
	}

	/** Microsecond precision is plenty and keeps the JSON short. */
	static double round(double ms) {
		return Math.round(ms * 1000) / 1000.0;
	}

}
