package ai.elms.engine.pack;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One elastic level: for every layer the active KV groups and FFN width. Active units are
 * always the first ones of each matrix, so a level is a prefix of the full model. A layer
 * with no KV group skips its attention block, one with no FFN neuron its feed-forward
 * block (how the layer-drop baselines drop whole layers or attention blocks); at least
 * one layer keeps its attention.
 *
 * @param share nominal share of the full model's parameters (0.2 ... 1.0), the level's
 * name
 * @param kvGroups active KV groups per layer
 * @param ffn active FFN neurons per layer
 * @param absorbs per layer, how many of the layers right after it it absorbs, or null for
 * none: a layer that absorbs runs with LaCo's merged weights (its own plus, for each
 * absorbed layer, that layer's minus its own), and the layers it absorbs are skipped (the
 * layer-collapse baseline, {@link LayerCollapse})
 */
public record LevelSpec(@JsonProperty("share") double share, @JsonProperty("kv_groups") List<Integer> kvGroups,
		@JsonProperty("ffn") List<Integer> ffn,
		@JsonProperty("absorbs") @JsonInclude(JsonInclude.Include.NON_NULL) List<Integer> absorbs) {

	public LevelSpec {
		kvGroups = List.copyOf(kvGroups);
		ffn = List.copyOf(ffn);
		absorbs = (absorbs == null || absorbs.stream().allMatch((a) -> a == 0)) ? null : List.copyOf(absorbs);
	}

	public LevelSpec(double share, List<Integer> kvGroups, List<Integer> ffn) {
		this(share, kvGroups, ffn, null);
	}

	void check(Architecture arch) {
		Architecture.require(share > 0 && share <= 1, "level share must be in (0, 1]");
		Architecture.require(this.kvGroups.size() == arch.layers() && this.ffn.size() == arch.layers(),
				"level " + this.share + " must list every layer");
		for (int l = 0; l < arch.layers(); l++) {
			int g = this.kvGroups.get(l);
			int f = this.ffn.get(l);
			Architecture.require(g >= 0 && g <= arch.kvHeads(),
					"level " + this.share + " layer " + l + ": kv_groups must be in [0, " + arch.kvHeads() + "]");
			Architecture.require(f >= 0 && f <= arch.ffnSize(),
					"level " + this.share + " layer " + l + ": ffn must be in [0, " + arch.ffnSize() + "]");
		}
		Architecture.require(this.kvGroups.stream().anyMatch((g) -> g > 0),
				"level " + this.share + " must keep the attention of at least one layer");
		if (this.absorbs != null) {
			checkAbsorbs(arch);
		}
	}

	private void checkAbsorbs(Architecture arch) {
		Architecture.require(this.absorbs.size() == arch.layers(), "level " + this.share + " must list every layer");
		int absorbedUntil = -1;
		for (int l = 0; l < arch.layers(); l++) {
			int a = this.absorbs.get(l);
			String layer = "level " + this.share + " layer " + l;
			Architecture.require(a >= 0 && l + a < arch.layers(), layer + ": absorbs layers it does not have");
			if (l <= absorbedUntil) {
				Architecture.require(a == 0 && this.kvGroups.get(l) == 0 && this.ffn.get(l) == 0,
						layer + " is absorbed: it must be skipped and absorb none");
			}
			else if (a > 0) {
				Architecture.require(this.kvGroups.get(l) > 0 || this.ffn.get(l) > 0,
						layer + " absorbs layers: it must run");
				absorbedUntil = l + a;
			}
		}
	}

	/** Whether the layer runs its attention block. */
	public boolean attends(int layer) {
		return this.kvGroups.get(layer) > 0;
	}

	/** How many of the layers right after this one it absorbs (LaCo's merge). */
	public int absorbed(int layer) {
		return (this.absorbs == null) ? 0 : this.absorbs.get(layer);
	}

	/** Parameters this level runs with. */
	public long parameters(Architecture arch) {
		long total = arch.outerParameters();
		for (int l = 0; l < arch.layers(); l++) {
			int groups = this.kvGroups.get(l);
			int ffn = this.ffn.get(l);
			total += arch.layerParameters(groups, ffn) - ((groups == 0) ? arch.hiddenSize() : 0)
					- ((ffn == 0) ? arch.hiddenSize() : 0);
		}
		return total;
	}

}
