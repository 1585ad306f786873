package ai.elms.engine.pack;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The ladder of the layer-collapse baseline (LaCo, Yang et al. 2024): runs of consecutive
 * layers merged into their first by "reserving differences while seeking common", each
 * merged weight {@code W_l + sum over k of (W_{l+k} - W_l)}, the rest of the run skipped.
 * Which runs collapse is chosen by model-lab on the calibration split.
 */
public final class LayerCollapse {

	/** The ladder's name in a package's baselines and the strategy's id. */
	public static final String LADDER = "layer-collapse";

	private LayerCollapse() {
	}

	/**
	 * A run of layers merged into its first.
	 *
	 * @param first the layer that absorbs the run
	 * @param absorbed how many layers after it it absorbs, at least 1
	 */
	public record Merge(int first, int absorbed) {

		public Merge {
			Architecture.require(first >= 0 && absorbed >= 1, "a merge absorbs at least one layer after its first");
		}

		boolean covers(int layer) {
			return layer >= this.first && layer <= this.first + this.absorbed;
		}

		/** Whether the two runs share a layer. */
		public boolean overlaps(Merge other) {
			return this.first <= other.first + other.absorbed && other.first <= this.first + this.absorbed;
		}

	}

	/**
	 * The full model with the first k merges applied, for k from all of them down to 0:
	 * smallest first, the last the full model. A level's share is that of the decoder
	 * layers' parameters it runs with.
	 * @param merges in the order they were chosen; no two may share a layer
	 */
	public static List<LevelSpec> ladder(Architecture arch, List<Merge> merges) {
		for (int i = 0; i < merges.size(); i++) {
			Merge merge = merges.get(i);
			Architecture.require(merge.first() + merge.absorbed() < arch.layers(),
					"a merge absorbs layers past the last");
			Architecture.require(merges.subList(0, i).stream().noneMatch(merge::overlaps), "two merges share a layer");
		}
		List<LevelSpec> ladder = new ArrayList<>();
		for (int applied = merges.size(); applied >= 0; applied--) {
			ladder.add(level(arch, merges.subList(0, applied)));
		}
		return List.copyOf(ladder);
	}

	/** The full model with these merges applied. */
	public static LevelSpec level(Architecture arch, List<Merge> merges) {
		List<Integer> groups = new ArrayList<>();
		List<Integer> ffn = new ArrayList<>();
		List<Integer> absorbs = new ArrayList<>();
		int kept = 0;
		for (int l = 0; l < arch.layers(); l++) {
			int layer = l;
			Merge merge = merges.stream().filter((m) -> m.covers(layer)).findFirst().orElse(null);
			boolean skipped = merge != null && merge.first() != l;
			groups.add(skipped ? 0 : arch.kvHeads());
			ffn.add(skipped ? 0 : arch.ffnSize());
			absorbs.add((merge != null && !skipped) ? merge.absorbed() : 0);
			kept += skipped ? 0 : 1;
		}
		double share = merges.isEmpty() ? 1.0 : Math.round(10_000.0 * kept / arch.layers()) / 10_000.0;
		return new LevelSpec(share, groups, ffn, absorbs);
	}

	/**
	 * LaCo's merged weight, {@code own + sum of (absorbed - own)}, in a new direct buffer
	 * for ONNX Runtime to read.
	 */
	public static FloatBuffer merge(FloatBuffer own, List<FloatBuffer> absorbed) {
		int size = own.remaining();
		for (FloatBuffer other : absorbed) {
			Architecture.require(other.remaining() == size, "merged weights must have the same shape");
		}
		FloatBuffer merged = ByteBuffer.allocateDirect(size * Float.BYTES)
			.order(ByteOrder.nativeOrder())
			.asFloatBuffer();
		int base = own.position();
		for (int i = 0; i < size; i++) {
			float w = own.get(base + i);
			float sum = w;
			for (FloatBuffer other : absorbed) {
				sum += other.get(other.position() + i) - w;
			}
			merged.put(i, sum);
		}
		return merged;
	}

}
