package ai.elms.engine.profile;

/**
 * The level chosen for a request and what the profile predicts for it.
 *
 * @param level index of the chosen level (0 is the smallest)
 * @param predictedTtftMs predicted TTFT from arrival: the queue wait so far plus the
 * engine's TTFT
 * @param predictedTpotMs predicted time per output token
 * @param meetsSlo whether the prediction meets the SLO ({@code true} when there is none);
 * when no level meets it the smallest level is chosen and this is {@code false}
 */
public record LevelPlan(int level, double predictedTtftMs, double predictedTpotMs, boolean meetsSlo) {
}
