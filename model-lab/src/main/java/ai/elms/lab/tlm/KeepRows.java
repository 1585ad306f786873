package ai.elms.lab.tlm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Batches of the score head's training rows: each row a prompt's system then user tokens,
 * right-padded; the target of a system token is its saliency rank within its prompt (0
 * for the least, 1 for the most salient), and user tokens, never dropped, have no target.
 */
final class KeepRows {

	private final List<KeepLabel> labels;

	private final int batchTokens;

	KeepRows(List<KeepLabel> labels, int batchTokens) {
		this.labels = labels;
		this.batchTokens = batchTokens;
	}

	/**
	 * One batch.
	 *
	 * @param ids [rows * length] token ids, padding 0
	 * @param valid [rows * length] 1 for a token, 0 for padding
	 * @param targets [rows * length] saliency rank of system tokens
	 * @param weights [rows * length] 1 where a target counts
	 */
	record Batch(int rows, int length, long[] ids, float[] valid, float[] targets, float[] weights, long[] slo) {
	}

	Batch batch(SplittableRandom random, int sloBuckets) {
		List<KeepLabel> chosen = new ArrayList<>();
		int longest = 0;
		while (true) {
			KeepLabel label = this.labels.get(random.nextInt(this.labels.size()));
			int length = label.system().length + label.user().length;
			int widest = Math.max(longest, length);
			if (!chosen.isEmpty() && (chosen.size() + 1) * widest > this.batchTokens) {
				break;
			}
			chosen.add(label);
			longest = widest;
		}
		return of(chosen, longest, random, sloBuckets);
	}

	static Batch of(List<KeepLabel> rows, int length, SplittableRandom random, int sloBuckets) {
		long[] ids = new long[rows.size() * length];
		float[] valid = new float[ids.length];
		float[] targets = new float[ids.length];
		float[] weights = new float[ids.length];
		long[] slo = new long[rows.size() * 2];
		for (int r = 0; r < rows.size(); r++) {
			KeepLabel label = rows.get(r);
			float[] ranks = ranks(label.saliency());
			int base = r * length;
			for (int t = 0; t < label.system().length; t++) {
				ids[base + t] = label.system()[t];
				valid[base + t] = 1;
				targets[base + t] = ranks[t];
				weights[base + t] = 1;
			}
			for (int t = 0; t < label.user().length; t++) {
				ids[base + label.system().length + t] = label.user()[t];
				valid[base + label.system().length + t] = 1;
			}
			// the keep scores must not depend on the SLO: any buckets
			slo[2 * r] = random.nextInt(sloBuckets);
			slo[2 * r + 1] = random.nextInt(sloBuckets);
		}
		return new Batch(rows.size(), length, ids, valid, targets, weights, slo);
	}

	/** Rank of each value in [0, 1], the smallest 0 (ties by position). */
	static float[] ranks(float[] values) {
		float[] ranks = new float[values.length];
		if (values.length == 1) {
			ranks[0] = 1;
			return ranks;
		}
		int[] order = IntStream.range(0, values.length)
			.boxed()
			.sorted(Comparator.comparingDouble((Integer i) -> values[i]).thenComparingInt((i) -> i))
			.mapToInt(Integer::intValue)
			.toArray();
		for (int position = 0; position < order.length; position++) {
			ranks[order[position]] = position / (float) (values.length - 1);
		}
		return ranks;
	}

	/**
	 * The share of a prompt's saliency that keeping the top half by {@code scores} keeps,
	 * against keeping the top half by the saliency itself: 1 is the best a score can do.
	 */
	static double keptSaliency(float[] saliency, float[] scores) {
		double oracle = topHalfSum(saliency, saliency);
		return (oracle == 0) ? 1 : topHalfSum(saliency, scores) / oracle;
	}

	private static double topHalfSum(float[] saliency, float[] scores) {
		Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
		Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -scores[i]));
		double sum = 0;
		for (int k = 0; k < (scores.length + 1) / 2; k++) {
			sum += saliency[order[k]];
		}
		return sum;
	}

}
