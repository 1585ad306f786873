package ai.elms.engine.profile;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

import ai.elms.engine.ElasticLevel;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Latency of a package on a device, measured per level: TTFT and TPOT at a few prompt
 * lengths. Predictions between the measured prompt lengths are linear interpolations.
 *
 * @param device where it was measured
 * @param packageHash the package's hash (see {@code ElasticEngine.packageHash()})
 * @param threads intra-op threads the engine ran with
 * @param levels the levels measured, smallest first; a level's index is its position here
 * @param buckets prompt lengths in tokens at which TTFT was measured, increasing
 * @param ttftMs median TTFT of the engine (queue excluded) per level and bucket:
 * {@code [level][bucket]}
 * @param tpotMs median time per output token after the first, per level, after the
 * shortest prompt
 * @param measuredAt when it was measured
 * @param tpotByPromptMs median time per output token after a prompt of each bucket's
 * length, {@code [level][bucket]}: decoding reads the whole context, so a longer prompt
 * decodes slower; null in a profile measured without it, which then predicts
 * {@code tpotMs} at every length
 */
public record LatencyProfile(@JsonProperty("device") DeviceIdentity device,
		@JsonProperty("package_hash") String packageHash, @JsonProperty("threads") int threads,
		@JsonProperty("levels") List<ElasticLevel> levels, @JsonProperty("buckets") List<Integer> buckets,
		@JsonProperty("ttft_ms") List<List<Double>> ttftMs, @JsonProperty("tpot_ms") List<Double> tpotMs,
		@JsonProperty("measured_at") Instant measuredAt,
		@JsonProperty("tpot_by_prompt_ms") List<List<Double>> tpotByPromptMs) {

	public LatencyProfile {
		Objects.requireNonNull(device, "device");
		Objects.requireNonNull(packageHash, "packageHash");
		levels = List.copyOf(levels);
		buckets = List.copyOf(buckets);
		ttftMs = ttftMs.stream().map(List::copyOf).toList();
		tpotMs = List.copyOf(tpotMs);
		require(!levels.isEmpty(), "a profile needs at least one level");
		require(!buckets.isEmpty(), "a profile needs at least one bucket");
		for (int b = 0; b < buckets.size(); b++) {
			require(buckets.get(b) > 0 && (b == 0 || buckets.get(b) > buckets.get(b - 1)),
					"buckets must be positive and increasing");
		}
		require(ttftMs.size() == levels.size() && tpotMs.size() == levels.size(),
				"ttft_ms and tpot_ms need one entry per level");
		for (List<Double> row : ttftMs) {
			require(row.size() == buckets.size(), "ttft_ms needs one value per bucket");
			row.forEach(LatencyProfile::requireLatency);
		}
		tpotMs.forEach(LatencyProfile::requireLatency);
		if (tpotByPromptMs != null) {
			tpotByPromptMs = tpotByPromptMs.stream().map(List::copyOf).toList();
			require(tpotByPromptMs.size() == levels.size(), "tpot_by_prompt_ms needs one row per level");
			for (List<Double> row : tpotByPromptMs) {
				require(row.size() == buckets.size(), "tpot_by_prompt_ms needs one value per bucket");
				row.forEach(LatencyProfile::requireLatency);
			}
		}
	}

	/** A profile with one TPOT per level, whatever the prompt's length. */
	public LatencyProfile(DeviceIdentity device, String packageHash, int threads, List<ElasticLevel> levels,
			List<Integer> buckets, List<List<Double>> ttftMs, List<Double> tpotMs, Instant measuredAt) {
		this(device, packageHash, threads, levels, buckets, ttftMs, tpotMs, measuredAt, null);
	}

	/**
	 * Predicted TTFT of the engine (queue excluded) at a level for a prompt length.
	 * Linear between measured buckets; below the first bucket the first bucket's value
	 * (conservative, fixed costs dominate short prompts); beyond the last bucket the last
	 * segment's slope continued (never decreasing), or proportional to the prompt length
	 * when only one bucket was measured.
	 */
	public double predictTtftMs(int level, int promptTokens) {
		return interpolate(this.ttftMs.get(checkLevel(level)), promptTokens, true);
	}

	/**
	 * Predicted time per output token at a level after a prompt of this length, the way
	 * {@link #predictTtftMs} predicts TTFT; at every length the same when the profile has
	 * no TPOT per prompt length.
	 */
	public double predictTpotMs(int level, int promptTokens) {
		checkLevel(level);
		if (this.tpotByPromptMs == null) {
			return this.tpotMs.get(level);
		}
		return interpolate(this.tpotByPromptMs.get(level), promptTokens, false);
	}

	/**
	 * @param proportional whether a single bucket's value grows in proportion to the
	 * prompt beyond it (prefill), or stays (decode)
	 */
	private double interpolate(List<Double> row, int promptTokens, boolean proportional) {
		int last = this.buckets.size() - 1;
		if (promptTokens <= this.buckets.get(0)) {
			return row.get(0);
		}
		if (promptTokens >= this.buckets.get(last)) {
			if (last == 0) {
				return proportional ? row.get(0) * promptTokens / this.buckets.get(0) : row.get(0);
			}
			double slope = Math.max(0, slope(row, last - 1));
			return row.get(last) + slope * (promptTokens - this.buckets.get(last));
		}
		int b = 0;
		while (this.buckets.get(b + 1) < promptTokens) {
			b++;
		}
		return row.get(b) + slope(row, b) * (promptTokens - this.buckets.get(b));
	}

	/**
	 * Predicted time per output token after the first at a level, after the shortest
	 * prompt measured.
	 */
	public double predictTpotMs(int level) {
		return this.tpotMs.get(checkLevel(level));
	}

	private double slope(List<Double> row, int b) {
		return (row.get(b + 1) - row.get(b)) / (this.buckets.get(b + 1) - this.buckets.get(b));
	}

	private int checkLevel(int level) {
		if (level < 0 || level >= this.levels.size()) {
			throw new IllegalArgumentException("no level " + level + " in a profile of " + this.levels.size());
		}
		return level;
	}

	private static void requireLatency(Double ms) {
		require(ms != null && ms >= 0 && Double.isFinite(ms), "latencies must be finite and >= 0");
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException(message);
		}
	}

}
