package ai.elms.engine.profile;

/**
 * The orchestrator of the model dimension: serves a request at the largest level whose
 * predicted TTFT (queue wait included) and TPOT meet its SLO. Without an SLO the full
 * model serves; when no level fits, the smallest one does and the plan is marked as a
 * predicted miss.
 */
public final class LevelPlanner {

	private final LatencyProfile profile;

	public LevelPlanner(LatencyProfile profile) {
		this.profile = profile;
	}

	/**
	 * Chooses a level at dispatch time.
	 * @param promptTokens prompt length in tokens
	 * @param queueWaitMs time the request has already waited since arrival
	 * @param slo the request's objective, parts may be absent
	 */
	public LevelPlan plan(int promptTokens, double queueWaitMs, LatencySlo slo) {
		int largest = this.profile.levels().size() - 1;
		if (slo.isEmpty()) {
			return predict(largest, promptTokens, queueWaitMs, true);
		}
		// Latency is not assumed monotonic in the level: measured profiles can be noisy.
		for (int level = largest; level >= 0; level--) {
			LevelPlan plan = predict(level, promptTokens, queueWaitMs, true);
			if (fits(plan, slo)) {
				return plan;
			}
		}
		return predict(0, promptTokens, queueWaitMs, false);
	}

	private LevelPlan predict(int level, int promptTokens, double queueWaitMs, boolean meetsSlo) {
		double ttftMs = queueWaitMs + this.profile.predictTtftMs(level, promptTokens);
		return new LevelPlan(level, ttftMs, this.profile.predictTpotMs(level, promptTokens), meetsSlo);
	}

	private static boolean fits(LevelPlan plan, LatencySlo slo) {
		return (slo.ttftMs() == null || plan.predictedTtftMs() <= slo.ttftMs())
				&& (slo.tpotMs() == null || plan.predictedTpotMs() <= slo.tpotMs());
	}

}
