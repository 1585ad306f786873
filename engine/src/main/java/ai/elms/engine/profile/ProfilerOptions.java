package ai.elms.engine.profile;

import java.util.List;

/**
 * How a latency profile is measured.
 *
 * @param buckets prompt lengths in tokens at which TTFT is measured; those that do not
 * fit the context are replaced by the longest prompt that does
 * @param runs runs per measurement, the median is kept
 * @param decodeTokens tokens generated per run to measure TPOT
 */
public record ProfilerOptions(List<Integer> buckets, int runs, int decodeTokens) {

	public static final ProfilerOptions DEFAULTS = new ProfilerOptions(List.of(16, 64, 256, 1024, 4096), 3, 16);

	public ProfilerOptions {
		buckets = List.copyOf(buckets);
		if (buckets.isEmpty() || buckets.stream().anyMatch((b) -> b < 1)) {
			throw new IllegalArgumentException("profile buckets must be a non-empty list of positive lengths");
		}
		if (runs < 1) {
			throw new IllegalArgumentException("profile runs must be at least 1");
		}
		if (decodeTokens < 2) {
			throw new IllegalArgumentException("profile decode tokens must be at least 2");
		}
	}

}
