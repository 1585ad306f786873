package ai.elms.engine.orchestration;

/**
 * What the orchestrator chose for a request.
 *
 * @param strategy the strategy that chose
 * @param level the model level to serve at
 * @param promptRatio the prompt ratio served (1.0: not compressed)
 * @param promptTokens the prompt to serve, compressed to the ratio
 * @param predictedTtftMs TTFT from arrival the profile predicts (queue wait and tiny
 * model included)
 * @param predictedTpotMs TPOT the profile predicts
 * @param meetsSlo whether the choice is predicted to meet the SLO
 * @param tinyModelMs time the tiny model took for this request (0 when it did not run)
 * @param proposedRatio the tiny model's proposed prompt ratio, or null
 * @param proposedLevel the share of the tiny model's proposed level, or null
 */
public record Orchestration(Strategy strategy, int level, double promptRatio, int[] promptTokens,
		double predictedTtftMs, double predictedTpotMs, boolean meetsSlo, double tinyModelMs, Double proposedRatio,
		Double proposedLevel) {
}
