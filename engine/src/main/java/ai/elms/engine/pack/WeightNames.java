package ai.elms.engine.pack;

/**
 * Names of the tensors in {@code weights.safetensors}. Every matrix is stored with one
 * row per unit (KV group slice, head slice or FFN neuron), so a level is the first rows
 * of each matrix: {@code q_proj}, {@code k_proj}, {@code v_proj}, {@code gate_proj} and
 * {@code up_proj} as [units x hidden] like Hugging Face; {@code o_proj_t} and
 * {@code down_proj_t} transposed from Hugging Face's layout, also [units x hidden].
 */
public final class WeightNames {

	public static final String EMBED = "model.embed_tokens.weight";

	public static final String FINAL_NORM = "model.norm.weight";

	public static final String LM_HEAD = "lm_head.weight";

	private WeightNames() {
	}

	public static String attnNorm(int layer) {
		return layer(layer) + "input_layernorm.weight";
	}

	public static String ffnNorm(int layer) {
		return layer(layer) + "post_attention_layernorm.weight";
	}

	public static String q(int layer) {
		return layer(layer) + "self_attn.q_proj.weight";
	}

	public static String k(int layer) {
		return layer(layer) + "self_attn.k_proj.weight";
	}

	public static String v(int layer) {
		return layer(layer) + "self_attn.v_proj.weight";
	}

	public static String oTransposed(int layer) {
		return layer(layer) + "self_attn.o_proj_t.weight";
	}

	public static String gate(int layer) {
		return layer(layer) + "mlp.gate_proj.weight";
	}

	public static String up(int layer) {
		return layer(layer) + "mlp.up_proj.weight";
	}

	public static String downTransposed(int layer) {
		return layer(layer) + "mlp.down_proj_t.weight";
	}

	private static String layer(int layer) {
		return "model.layers." + layer + ".";
	}

}
