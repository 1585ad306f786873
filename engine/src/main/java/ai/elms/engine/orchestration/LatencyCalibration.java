package ai.elms.engine.orchestration;

import java.util.Arrays;

/**
 * How served requests compare with the profile's predictions. The profile is measured
 * alone, in a tight loop; requests are served beside the HTTP server, other processes and
 * answers of a few tokens, and take longer (or, on a quieter device, less). Of the last
 * {@value #WINDOW} requests, the ratio measured / predicted at a quantile (the share of
 * requests a choice predicted to fit should meet its SLO, {@value #DEFAULT_ATTAINMENT} by
 * default) scales every prediction. Thread-safe.
 */
final class LatencyCalibration {

	/** Requests remembered. */
	static final int WINDOW = 128;

	/** Requests observed before any correction. */
	static final int MIN_SAMPLES = 16;

	/** The share of requests a fitting prediction should meet, unless told otherwise. */
	static final double DEFAULT_ATTAINMENT = 0.9;

	/** Bounds of a correction: a broken measurement never silences the profile. */
	static final double MIN_FACTOR = 0.5;

	static final double MAX_FACTOR = 4;

	private final Ratios ttft;

	private final Ratios tpot;

	/**
	 * @param attainment the share of requests a fitting prediction should meet, in (0, 1)
	 */
	LatencyCalibration(double attainment) {
		this.ttft = new Ratios(attainment);
		this.tpot = new Ratios(attainment);
	}

	/**
	 * A served request.
	 * @param predictedTtftMs the prediction's TTFT after dispatch (tiny model and the
	 * engine's TTFT)
	 * @param measuredTtftMs the same span as served
	 * @param predictedTpotMs the prediction's TPOT
	 * @param measuredTpotMs TPOT as served, or NaN for a single token
	 */
	void observe(double predictedTtftMs, double measuredTtftMs, double predictedTpotMs, double measuredTpotMs) {
		this.ttft.add(measuredTtftMs / predictedTtftMs);
		this.tpot.add(measuredTpotMs / predictedTpotMs);
	}

	/** The factor TTFT predictions after dispatch are scaled by. */
	double ttftFactor() {
		return this.ttft.factor();
	}

	/** The factor TPOT predictions are scaled by. */
	double tpotFactor() {
		return this.tpot.factor();
	}

	/** A window of ratios and the factor they give. */
	private static final class Ratios {

		private final double[] window = new double[WINDOW];

		private final double quantile;

		private int count;

		private int next;

		private volatile double factor = 1;

		Ratios(double quantile) {
			this.quantile = quantile;
		}

		synchronized void add(double ratio) {
			if (!Double.isFinite(ratio) || ratio <= 0) {
				return;
			}
			this.window[this.next] = ratio;
			this.next = (this.next + 1) % WINDOW;
			this.count = Math.min(WINDOW, this.count + 1);
			if (this.count >= MIN_SAMPLES) {
				double[] sorted = Arrays.copyOf(this.window, this.count);
				Arrays.sort(sorted);
				double quantile = sorted[Math.min(this.count - 1, (int) Math.ceil(this.quantile * this.count) - 1)];
				this.factor = Math.max(MIN_FACTOR, Math.min(MAX_FACTOR, quantile));
			}
		}

		double factor() {
			return this.factor;
		}

	}

}
