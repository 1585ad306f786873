package ai.elms.benchmarks;

import java.util.Arrays;

/** Order statistics of repeated measurements: medians and their confidence intervals. */
public final class Stats {

	private Stats() {
	}

	public static double median(double[] values) {
		if (values.length == 0) {
			throw new IllegalArgumentException("no values");
		}
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	/**
	 * A distribution-free 95% confidence interval of the median: the order statistics at
	 * ranks n/2 -+ 0.98 sqrt(n) (normal approximation of the binomial), clamped to the
	 * sample.
	 */
	public static double[] medianInterval95(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int n = sorted.length;
		double half = 0.98 * Math.sqrt(n);
		int low = Math.max(0, (int) Math.floor(n / 2.0 - half));
		int high = Math.min(n - 1, (int) Math.ceil(n / 2.0 + half) - 1);
		return new double[] { sorted[low], sorted[Math.max(low, high)] };
	}

	/** Element-wise a[i] / b[i]. */
	public static double[] ratios(double[] a, double[] b) {
		double[] ratios = new double[a.length];
		for (int i = 0; i < a.length; i++) {
			ratios[i] = a[i] / b[i];
		}
		return ratios;
	}

}
