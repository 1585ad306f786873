package ai.elms.engine.tlm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The shape of a tiny model: an encoder of {@code sharedLayers} layers that both heads
 * read, then {@code branchLayers} layers of its own for each head. The input is two SLO
 * tokens (the TTFT and the TPOT SLO, each a bucket) followed by the prompt's tokens, in
 * the LLM's vocabulary.
 *
 * @param hiddenSize width of the encoder
 * @param heads attention heads (hidden size divisible by it)
 * @param sharedLayers layers both heads share
 * @param branchLayers layers of each head's own branch
 * @param ffnSize width of each layer's feed-forward block
 * @param vocabSize the LLM's vocabulary size
 * @param maxLength longest prompt, in tokens
 * @param sloBuckets buckets of each SLO token
 * @param ratios the prompt ratios the decision head chooses among, largest first
 * @param levels the model levels it chooses among
 * @param rmsNormEps epsilon of the RMS norms
 * @param attentionBlock how far a prompt token attends: to the SLO tokens and the tokens
 * of its own block of this many (the prompt read chunk by chunk, as LLMLingua-2 does), so
 * that the tiny model's time grows linearly with the prompt; 0 for the whole prompt. The
 * SLO tokens always attend to the whole prompt.
 */
public record TinyModelConfig(@JsonProperty("hidden_size") int hiddenSize, @JsonProperty("heads") int heads,
		@JsonProperty("shared_layers") int sharedLayers, @JsonProperty("branch_layers") int branchLayers,
		@JsonProperty("ffn_size") int ffnSize, @JsonProperty("vocab_size") int vocabSize,
		@JsonProperty("max_length") int maxLength, @JsonProperty("slo_buckets") int sloBuckets,
		@JsonProperty("ratios") List<Double> ratios, @JsonProperty("levels") int levels,
		@JsonProperty("rms_norm_eps") double rmsNormEps, @JsonProperty("attention_block") Integer attentionBlock) {

	/**
	 * The shipped size (preset.json beside this class): hidden 32, 2 heads, no shared
	 * layer and one per branch, FFN 64, attention in blocks of 128 tokens, for the
	 * default LLM's vocabulary, context and 9 levels.
	 */
	public static final TinyModelConfig PRESET = preset();

	/** The branches after the shared layers, in weight-name order. */
	public static final List<String> BRANCHES = List.of("score", "decision");

	public TinyModelConfig {
		ratios = List.copyOf(ratios);
		if (hiddenSize <= 0 || heads <= 0 || hiddenSize % heads != 0) {
			throw new IllegalArgumentException("hidden_size must be a positive multiple of heads");
		}
		if (sharedLayers < 0 || branchLayers < 0 || ffnSize <= 0 || vocabSize <= 0 || maxLength <= 0 || sloBuckets <= 0
				|| ratios.isEmpty() || levels <= 0) {
			throw new IllegalArgumentException("tiny model sizes must be positive");
		}
		// absent in the tiny models written before blocks: the whole prompt
		attentionBlock = (attentionBlock != null) ? attentionBlock : 0;
		if (attentionBlock < 0) {
			throw new IllegalArgumentException("attention_block must be >= 0");
		}
	}

	/** A tiny model whose tokens attend to the whole prompt. */
	public TinyModelConfig(int hiddenSize, int heads, int sharedLayers, int branchLayers, int ffnSize, int vocabSize,
			int maxLength, int sloBuckets, List<Double> ratios, int levels, double rmsNormEps) {
		this(hiddenSize, heads, sharedLayers, branchLayers, ffnSize, vocabSize, maxLength, sloBuckets, ratios, levels,
				rmsNormEps, 0);
	}

	/** The same model with its prompt tokens attending within blocks of this many. */
	public TinyModelConfig withAttentionBlock(int block) {
		return new TinyModelConfig(this.hiddenSize, this.heads, this.sharedLayers, this.branchLayers, this.ffnSize,
				this.vocabSize, this.maxLength, this.sloBuckets, this.ratios, this.levels, this.rmsNormEps, block);
	}

	/** The same model with this many layers shared by the two branches. */
	public TinyModelConfig withSharedLayers(int layers) {
		return new TinyModelConfig(this.hiddenSize, this.heads, layers, this.branchLayers, this.ffnSize, this.vocabSize,
				this.maxLength, this.sloBuckets, this.ratios, this.levels, this.rmsNormEps, this.attentionBlock);
	}

	/**
	 * Whether the tiny model's work on whole blocks at the start of a prompt depends on
	 * those blocks alone (and the SLO buckets): attention in blocks, no shared layer and
	 * one layer a branch, so that nothing read later reaches them. Then its graph takes
	 * the decision branch's keys and values of such a prefix as computed before, and an
	 * app's system part, repeated from request to request, is read once.
	 */
	public boolean reusesPrefix() {
		return this.attentionBlock > 0 && this.sharedLayers == 0 && this.branchLayers == 1;
	}

	/**
	 * Whether a query at sequence position i may attend to the key at j (positions 0 and
	 * 1 are the SLO tokens, the prompt follows).
	 */
	public boolean attends(int i, int j) {
		return this.attentionBlock == 0 || i < 2 || j < 2
				|| (i - 2) / this.attentionBlock == (j - 2) / this.attentionBlock;
	}

	private static TinyModelConfig preset() {
		try (java.io.InputStream in = TinyModelConfig.class.getResourceAsStream("preset.json")) {
			return tools.jackson.databind.json.JsonMapper.builder().build().readValue(in, TinyModelConfig.class);
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	/** The same model for another LLM: its vocabulary, context and level count. */
	public TinyModelConfig forLlm(int vocabSize, int maxLength, int levels) {
		return new TinyModelConfig(this.hiddenSize, this.heads, this.sharedLayers, this.branchLayers, this.ffnSize,
				vocabSize, maxLength, this.sloBuckets, this.ratios, levels, this.rmsNormEps, this.attentionBlock);
	}

	public int headDim() {
		return this.hiddenSize / this.heads;
	}

	/**
	 * Tensor names and shapes, in the order the weights file stores them. Matrices are
	 * {@code [out, in]}.
	 */
	public Map<String, long[]> shapes() {
		long d = this.hiddenSize;
		Map<String, long[]> shapes = new LinkedHashMap<>();
		shapes.put("embed", new long[] { this.vocabSize, d });
		shapes.put("position", new long[] { this.maxLength + 2L, d });
		shapes.put("slo_ttft", new long[] { this.sloBuckets, d });
		shapes.put("slo_tpot", new long[] { this.sloBuckets, d });
		for (int l = 0; l < this.sharedLayers; l++) {
			layer(shapes, layerPrefix("shared", l));
		}
		for (String branch : BRANCHES) {
			for (int l = 0; l < this.branchLayers; l++) {
				layer(shapes, layerPrefix(branch, l));
			}
		}
		shapes.put("score.norm", new long[] { d });
		shapes.put("score.head", new long[] { 1, d });
		shapes.put("score.bias", new long[] { 1 });
		shapes.put("decision.norm", new long[] { d });
		shapes.put("decision.ratio", new long[] { this.ratios.size(), d });
		shapes.put("decision.ratio_bias", new long[] { this.ratios.size() });
		shapes.put("decision.level", new long[] { this.levels, d });
		shapes.put("decision.level_bias", new long[] { this.levels });
		return shapes;
	}

	/** The prefix of a layer's tensor names, e.g. {@code shared.0.}. */
	public static String layerPrefix(String part, int layer) {
		return part + "." + layer + ".";
	}

	private void layer(Map<String, long[]> shapes, String prefix) {
		long d = this.hiddenSize;
		shapes.put(prefix + "attn_norm", new long[] { d });
		shapes.put(prefix + "qkv", new long[] { 3 * d, d });
		shapes.put(prefix + "o", new long[] { d, d });
		shapes.put(prefix + "ffn_norm", new long[] { d });
		shapes.put(prefix + "up", new long[] { this.ffnSize, d });
		shapes.put(prefix + "down", new long[] { d, this.ffnSize });
	}

	/**
	 * Seeded random weights, norms at one: a tiny model for tests and generated packages.
	 */
	public Map<String, float[]> randomWeights(long seed) {
		java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
		Map<String, float[]> weights = new LinkedHashMap<>();
		shapes().forEach((name, shape) -> {
			long size = 1;
			for (long dim : shape) {
				size *= dim;
			}
			float[] values = new float[Math.toIntExact(size)];
			for (int i = 0; i < values.length; i++) {
				values[i] = name.endsWith("norm") ? 1f : (float) random.nextGaussian() * 0.5f;
			}
			weights.put(name, values);
		});
		return weights;
	}

	/**
	 * Multiply-adds per prompt token of the encoder's matrices (attention scores aside).
	 */
	public long multiplyAddsPerToken() {
		long d = this.hiddenSize;
		long perLayer = 4 * d * d + 2 * d * this.ffnSize;
		return (this.sharedLayers + 2L * this.branchLayers) * perLayer;
	}

}
