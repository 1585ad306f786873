package ai.elms.node.api;

import ai.elms.engine.orchestration.Orchestration;
import ai.elms.node.scheduling.InferenceOutcome;
import ai.elms.node.scheduling.OptionScores;
import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * How the request was elasticized.
 *
 * @param strategy how the level and prompt ratio were chosen (elastic, full, model-only,
 * prompt-only)
 * @param modelLevel share of the full model's parameters of the level that served (0.2
 * ... 1.0)
 * @param promptRatio the prompt ratio served: the share of the prompt's tokens kept
 * (compression shortens the system message alone)
 * @param servedPromptTokens tokens of the prompt as served
 * @param predictedTtftMs TTFT from arrival the latency profile predicted at dispatch
 * (queue wait and tiny model included)
 * @param predictedTpotMs TPOT the latency profile predicted
 * @param predictedSloMet whether the choice was predicted to meet the SLO; {@code false}
 * means nothing could and the smallest served; {@code null} without an SLO
 * @param tinyModelMs time the tiny model took (0 when it did not run)
 * @param proposedPromptRatio the tiny model's proposal, when it made one
 * @param proposedModelLevel the tiny model's proposed level share, when it made one
 * @param options the request's answer options scored, when it had some
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record Elastic(String strategy, double modelLevel, double promptRatio, int servedPromptTokens, double predictedTtftMs,
		double predictedTpotMs, @JsonInclude(JsonInclude.Include.ALWAYS) Boolean predictedSloMet, double tinyModelMs,
		@JsonInclude(JsonInclude.Include.NON_NULL) Double proposedPromptRatio,
		@JsonInclude(JsonInclude.Include.NON_NULL) Double proposedModelLevel,
		@JsonInclude(JsonInclude.Include.NON_NULL) Options options) {

	static Elastic of(InferenceOutcome outcome, boolean hasSlo) {
		Orchestration plan = outcome.plan();
		return new Elastic(plan.strategy().id(), outcome.level().share(), plan.promptRatio(),
				plan.promptTokens().length, Timings.round(plan.predictedTtftMs()),
				Timings.round(plan.predictedTpotMs()), hasSlo ? plan.meetsSlo() : null,
				Timings.round(plan.tinyModelMs()), plan.proposedRatio(), plan.proposedLevel(),
				(outcome.options() != null) ? Options.of(outcome.options()) : null);
	}

	/**
	 * Answer options scored after the prompt as served.
	 *
	 * @param picked index of the option scored highest
	 * @param meanLogprobs per option, the mean log-probability of its tokens and the end
	 * token
	 * @param ms the scoring's time, after the last generated token
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record Options(int picked, double[] meanLogprobs, double ms) {

		static Options of(OptionScores scores) {
			return new Options(scores.picked(), scores.meanLogProbs(), Timings.round(scores.ms()));
		}

	}

}
