package ai.elms.engine.pack;

import java.util.ArrayList;
import java.util.List;

/**
 * The ladders of the layer-drop baselines, cut from the full model's weights by an order
 * of removal: whole layers (ShortGPT) or attention blocks (AttnDrop), the least
 * influential first. A level's share is that of the decoder layers' parameters it keeps.
 */
public final class LayerDrop {

	/** Whole layers dropped. */
	public static final String LAYERS = "layer-drop";

	/** Attention blocks dropped, the feed-forward blocks kept. */
	public static final String ATTENTION = "attention-drop";

	private LayerDrop() {
	}

	/**
	 * The full model with the first k layers of the order dropped, for k from the whole
	 * order down to 0: smallest first, the last the full model.
	 * @param order layers, the first to drop first; at least one layer must stay
	 */
	public static List<LevelSpec> layers(Architecture arch, List<Integer> order) {
		return ladder(arch, order, true);
	}

	/** As {@link #layers}, dropping only the attention blocks of the layers. */
	public static List<LevelSpec> attention(Architecture arch, List<Integer> order) {
		return ladder(arch, order, false);
	}

	private static List<LevelSpec> ladder(Architecture arch, List<Integer> order, boolean wholeLayers) {
		Architecture.require(
				order.size() < arch.layers() && order.stream().distinct().count() == order.size()
						&& order.stream().allMatch((l) -> l >= 0 && l < arch.layers()),
				"a drop order lists distinct layers and keeps at least one");
		long full = arch.layers() * arch.layerParameters(arch.kvHeads(), arch.ffnSize());
		List<LevelSpec> ladder = new ArrayList<>();
		for (int dropped = order.size(); dropped >= 0; dropped--) {
			List<Integer> groups = new ArrayList<>();
			List<Integer> ffn = new ArrayList<>();
			long kept = 0;
			for (int l = 0; l < arch.layers(); l++) {
				boolean drop = order.subList(0, dropped).contains(l);
				int g = drop ? 0 : arch.kvHeads();
				int f = (drop && wholeLayers) ? 0 : arch.ffnSize();
				groups.add(g);
				ffn.add(f);
				kept += (g > 0 || f > 0) ? arch.layerParameters(g, f) : 0;
			}
			double share = (dropped == 0) ? 1.0 : Math.round(10_000.0 * kept / full) / 10_000.0;
			ladder.add(new LevelSpec(share, groups, ffn));
		}
		return List.copyOf(ladder);
	}

}
