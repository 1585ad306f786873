package ai.elms.engine.pack;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts levels from a full model: anchor layers stay whole, every other layer keeps the
 * same fraction of its KV groups and FFN neurons, chosen so that the level holds its
 * share of the decoder layers' parameters.
 */
public final class LevelSchedule {

	/** The nine published levels. */
	public static final List<Double> SHARES = List.of(0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0);

	private static final int FFN_ALIGNMENT = 8;

	private LevelSchedule() {
	}

	public static List<LevelSpec> uniform(Architecture arch, List<Integer> anchors, List<Double> shares) {
		List<LevelSpec> levels = new ArrayList<>();
		for (double share : shares) {
			levels.add(level(arch, anchors, share));
		}
		return levels;
	}

	static LevelSpec level(Architecture arch, List<Integer> anchors, double share) {
		long full = layerParameters(arch, anchors, 1.0);
		double low = 0;
		double high = 1;
		for (int i = 0; i < 40; i++) {
			double mid = (low + high) / 2;
			if (layerParameters(arch, anchors, mid) < share * full) {
				low = mid;
			}
			else {
				high = mid;
			}
		}
		double keep = (share >= 1) ? 1 : high;
		List<Integer> groups = new ArrayList<>();
		List<Integer> ffn = new ArrayList<>();
		for (int l = 0; l < arch.layers(); l++) {
			double k = anchors.contains(l) ? 1 : keep;
			groups.add(groups(arch, k));
			ffn.add(ffn(arch, k));
		}
		return new LevelSpec(share, groups, ffn);
	}

	private static long layerParameters(Architecture arch, List<Integer> anchors, double keep) {
		long total = 0;
		for (int l = 0; l < arch.layers(); l++) {
			double k = anchors.contains(l) ? 1 : keep;
			total += arch.layerParameters(groups(arch, k), ffn(arch, k));
		}
		return total;
	}

	private static int groups(Architecture arch, double keep) {
		return (int) Math.max(1, Math.min(arch.kvHeads(), Math.round(arch.kvHeads() * keep)));
	}

	private static int ffn(Architecture arch, double keep) {
		if (arch.ffnSize() <= FFN_ALIGNMENT) {
			return (int) Math.max(1, Math.round(arch.ffnSize() * keep));
		}
		long aligned = Math.round(arch.ffnSize() * keep / FFN_ALIGNMENT) * FFN_ALIGNMENT;
		return (int) Math.max(FFN_ALIGNMENT, Math.min(arch.ffnSize(), aligned));
	}

}
