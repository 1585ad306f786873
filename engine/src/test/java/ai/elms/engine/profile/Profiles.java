package ai.elms.engine.profile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import ai.elms.engine.ElasticLevel;

/** Hand-made profiles for tests. */
final class Profiles {

	static final DeviceIdentity DEVICE = new DeviceIdentity("Test CPU", 4);

	private Profiles() {
	}

	/**
	 * A profile whose TTFT at level {@code l} and bucket {@code b} is {@code ttft[l][b]}.
	 */
	static LatencyProfile of(List<Integer> buckets, double[][] ttft, double[] tpot) {
		List<ElasticLevel> levels = new ArrayList<>();
		List<List<Double>> ttftMs = new ArrayList<>();
		List<Double> tpotMs = new ArrayList<>();
		for (int l = 0; l < ttft.length; l++) {
			double share = (ttft.length == 1) ? 1.0 : 0.2 + 0.8 * l / (ttft.length - 1);
			levels.add(new ElasticLevel(l, Math.round(share * 100) / 100.0, 1000L * (l + 1)));
			List<Double> row = new ArrayList<>();
			for (double value : ttft[l]) {
				row.add(value);
			}
			ttftMs.add(row);
			tpotMs.add(tpot[l]);
		}
		return new LatencyProfile(DEVICE, "abc123", 2, levels, buckets, ttftMs, tpotMs,
				Instant.parse("2025-01-01T00:00:00Z"));
	}

	/**
	 * Three levels, TTFT grows with level and prompt: level l at 16/64/256 tokens takes
	 * (l+1) x 10/20/60 ms; TPOT (l+1) x 5 ms.
	 */
	static LatencyProfile threeLevels() {
		return of(List.of(16, 64, 256), new double[][] { { 10, 20, 60 }, { 20, 40, 120 }, { 30, 60, 180 } },
				new double[] { 5, 10, 15 });
	}

}
