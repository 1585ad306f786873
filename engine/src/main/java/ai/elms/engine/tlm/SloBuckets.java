package ai.elms.engine.tlm;

/**
 * The tiny model's SLO tokens: an SLO as a fraction of the full model's latency on the
 * full prompt (TTFT) or per token (TPOT), in tenths: bucket {@code b} holds fractions in
 * {@code [b / 10, (b + 1) / 10)}, the last bucket everything from one up.
 */
public final class SloBuckets {

	/** Buckets of each SLO token. */
	public static final int COUNT = 11;

	private SloBuckets() {
	}

	public static int of(double fraction) {
		if (Double.isNaN(fraction) || fraction < 0) {
			throw new IllegalArgumentException("an SLO fraction must be positive, not " + fraction);
		}
		return (int) Math.min(COUNT - 1, Math.floor(fraction * 10 + 1e-9));
	}

}
