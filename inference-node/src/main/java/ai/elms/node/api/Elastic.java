package ai.elms.node.api;

import ai.elms.node.scheduling.InferenceOutcome;
import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * How the request was elasticized.
 *
 * @param modelLevel share of the full model's parameters of the level that served (0.2
 * ... 1.0)
 * @param promptRatio share of the prompt kept (prompt compression is not there yet: 1.0)
 * @param predictedTtftMs TTFT from arrival the latency profile predicted at dispatch
 * @param predictedTpotMs TPOT the latency profile predicted
 * @param predictedSloMet whether the chosen level was predicted to meet the SLO;
 * {@code false} means no level could and the smallest served; {@code null} without an SLO
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record Elastic(double modelLevel, double promptRatio, double predictedTtftMs, double predictedTpotMs,
		@JsonInclude(JsonInclude.Include.ALWAYS) Boolean predictedSloMet) {

	static Elastic of(InferenceOutcome outcome, boolean hasSlo) {
		return new Elastic(outcome.level().share(), 1.0, Timings.round(outcome.plan().predictedTtftMs()),
				Timings.round(outcome.plan().predictedTpotMs()), hasSlo ? outcome.plan().meetsSlo() : null);
	}

}
