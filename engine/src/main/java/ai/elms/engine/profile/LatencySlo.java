package ai.elms.engine.profile;

/**
 * A request's latency objective. Either part may be absent ({@code null}).
 *
 * @param ttftMs most milliseconds from arrival to the first token, queue wait included
 * @param tpotMs most milliseconds per output token after the first
 */
public record LatencySlo(Double ttftMs, Double tpotMs) {

	/** No objective: the request is served by the full model. */
	public static final LatencySlo NONE = new LatencySlo(null, null);

	public LatencySlo {
		if (ttftMs != null && !(ttftMs > 0 && Double.isFinite(ttftMs))) {
			throw new IllegalArgumentException("ttft_ms must be a positive number");
		}
		if (tpotMs != null && !(tpotMs > 0 && Double.isFinite(tpotMs))) {
			throw new IllegalArgumentException("tpot_ms must be a positive number");
		}
	}

	public boolean isEmpty() {
		return this.ttftMs == null && this.tpotMs == null;
	}

	/**
	 * Whether a measured TTFT meets the objective; {@code null} when there is no TTFT
	 * objective.
	 */
	public Boolean ttftMet(double measuredTtftMs) {
		return (this.ttftMs != null) ? measuredTtftMs <= this.ttftMs : null;
	}

	/**
	 * Whether a measured TPOT meets the objective; {@code null} when there is no TPOT
	 * objective.
	 */
	public Boolean tpotMet(double measuredTpotMs) {
		return (this.tpotMs != null) ? measuredTpotMs <= this.tpotMs : null;
	}

}
