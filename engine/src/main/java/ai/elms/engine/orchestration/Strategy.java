package ai.elms.engine.orchestration;

import java.util.Locale;

/**
 * How a request is fitted to its SLO: the product's way and the baselines it is compared
 * with, all on one node.
 */
public enum Strategy {

	/**
	 * The product: the tiny model proposes a prompt ratio and a model level for the SLO;
	 * the profile checks the proposal, and the largest level that fits replaces one that
	 * does not.
	 */
	ELASTIC,

	/** The full model on the full prompt, whatever the SLO. */
	FULL,

	/**
	 * The largest level that fits the SLO, no prompt compression (the LLM-Pruner-style
	 * baseline).
	 */
	MODEL_ONLY,

	/**
	 * The full model with the prompt compressed by the tiny model's score head as far as
	 * the TTFT SLO needs (the LLMLingua-2-style baseline).
	 */
	PROMPT_ONLY,

	/**
	 * A smaller model trained the same way, given to the node beside the elastic one, at
	 * its full level on the whole prompt (the off-the-shelf baseline).
	 */
	OFF_THE_SHELF,

	/**
	 * The largest level of the package's layer-drop ladder that fits the SLO: whole
	 * layers dropped, the least influential first (the ShortGPT baseline).
	 */
	LAYER_DROP,

	/**
	 * The largest level of the package's attention-drop ladder that fits the SLO:
	 * attention blocks dropped, the least influential first (the AttnDrop baseline).
	 */
	ATTENTION_DROP,

	/**
	 * The largest level of the package's layer-collapse ladder that fits the SLO: runs of
	 * consecutive layers merged into one by LaCo's weight merge (the LaCo baseline).
	 */
	LAYER_COLLAPSE;

	/**
	 * Whether the strategy serves from a model of its own beside the elastic levels: the
	 * smaller model, or a ladder of the package's baselines.
	 */
	public boolean ownModel() {
		return this == OFF_THE_SHELF || this == LAYER_DROP || this == ATTENTION_DROP || this == LAYER_COLLAPSE;
	}

	/** The name in requests, settings and responses, e.g. {@code model-only}. */
	public String id() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/** The strategy of a name; an unknown one is an IllegalArgumentException. */
	public static Strategy of(String id) {
		for (Strategy strategy : values()) {
			if (strategy.id().equals(id)) {
				return strategy;
			}
		}
		throw new IllegalArgumentException("unknown strategy '" + id
				+ "': use elastic, full, model-only, prompt-only, off-the-shelf, layer-drop, attention-drop "
				+ "or layer-collapse");
	}

}
