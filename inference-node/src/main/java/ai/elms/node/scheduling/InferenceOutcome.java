package ai.elms.node.scheduling;

import ai.elms.engine.ElasticLevel;
import ai.elms.engine.GenerationResult;
import ai.elms.engine.profile.LevelPlan;

/**
 * A finished request.
 *
 * @param result what the engine generated, with its own timings
 * @param level the level that served it
 * @param plan why that level: the planner's prediction
 * @param queueMs from arrival to dispatch
 * @param ttftMs from arrival to the first token, queue included
 * @param e2eMs from arrival to the end of the generation
 * @param sloTtftMet whether {@code ttftMs} met the TTFT SLO; {@code null} without one
 * @param sloTpotMet whether the TPOT met the TPOT SLO; {@code null} without one
 */
public record InferenceOutcome(GenerationResult result, ElasticLevel level, LevelPlan plan, double queueMs,
		double ttftMs, double e2eMs, Boolean sloTtftMet, Boolean sloTpotMet) {
}
