package ai.elms.node.scheduling;

import ai.elms.engine.ElasticLevel;
import ai.elms.engine.GenerationResult;
import ai.elms.engine.orchestration.Orchestration;

/**
 * A finished request.
 *
 * @param promptTokens tokens of the prompt as sent (the result counts those served, after
 * compression)
 * @param result what the engine generated, with its own timings
 * @param level the level that served it
 * @param plan why that level and prompt ratio: the orchestrator's choice and prediction
 * @param queueMs from arrival to dispatch
 * @param ttftMs from arrival to the first token, queue included
 * @param e2eMs from arrival to the end of the generation
 * @param sloTtftMet whether {@code ttftMs} met the TTFT SLO; {@code null} without one
 * @param sloTpotMet whether the TPOT met the TPOT SLO; {@code null} without one
 * @param options the request's answer options scored, or null when it had none
 */
public record InferenceOutcome(int promptTokens, GenerationResult result, ElasticLevel level, Orchestration plan,
		double queueMs, double ttftMs, double e2eMs, Boolean sloTtftMet, Boolean sloTpotMet, OptionScores options) {
}
