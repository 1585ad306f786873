package ai.elms.engine.tlm;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Token-level prompt compression as published: only the system part is compressed, never
 * the user's message. For an overall ratio {@code p}, a system part of {@code Ls} tokens
 * and a user part of {@code Lq} tokens, the system part keeps the share
 * {@code max(0, ((Ls + Lq) p - Lq) / Ls)} of its tokens: those the score head ranks
 * highest, in their original order.
 */
public final class PromptCompression {

	private PromptCompression() {
	}

	/** The share of the system part's tokens kept for an overall prompt ratio. */
	public static double systemKeepShare(int systemTokens, int userTokens, double ratio) {
		if (ratio <= 0 || ratio > 1) {
			throw new IllegalArgumentException("the prompt ratio must be in (0, 1], not " + ratio);
		}
		if (systemTokens == 0) {
			return 1;
		}
		return Math.max(0, Math.min(1, ((systemTokens + userTokens) * ratio - userTokens) / systemTokens));
	}

	/**
	 * The system tokens to keep, in their original order: the {@code round(share * n)}
	 * with the highest scores (ties: the earlier token).
	 * @param systemTokens the system part's tokens
	 * @param scores the score head's keep logit of each of them
	 */
	public static int[] keep(int[] systemTokens, float[] scores, double share) {
		if (scores.length != systemTokens.length) {
			throw new IllegalArgumentException(
					"one score per system token: " + scores.length + " scores, " + systemTokens.length + " tokens");
		}
		int count = (int) Math.round(share * systemTokens.length);
		int[] kept = IntStream.range(0, systemTokens.length)
			.boxed()
			.sorted(Comparator.comparingDouble((Integer i) -> -scores[i]).thenComparingInt((i) -> i))
			.limit(count)
			.mapToInt(Integer::intValue)
			.sorted()
			.toArray();
		return Arrays.stream(kept).map((i) -> systemTokens[i]).toArray();
	}

}
