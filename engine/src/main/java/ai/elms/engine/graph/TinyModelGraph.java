package ai.elms.engine.graph;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.elms.engine.graph.GraphWriter.Attr;
import ai.elms.engine.tlm.TinyModelConfig;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.InvalidProtocolBufferException;

/**
 * The ONNX graph of a tiny model, its weights inside. Inputs: {@code input_ids} (int64
 * [n], the prompt) and {@code slo_buckets} (int64 [2]: the TTFT and the TPOT SLO bucket).
 * Outputs: {@code keep_logits} (float [n], one per prompt token), {@code ratio_logits}
 * (float [ratios]) and {@code level_logits} (float [levels]). A model that
 * {@linkplain TinyModelConfig#reusesPrefix() reuses a prefix} also takes {@value #PAST}
 * (float [1, p, 2 * hidden]: the decision branch's keys and values of the p prompt tokens
 * before input_ids, p a multiple of the block, [1, 0, 2 * hidden] for a whole prompt) and
 * gives {@value #PRESENT} (float [1, n, 2 * hidden], those of input_ids); its
 * {@code keep_logits} are those of input_ids.
 *
 * <p>
 * The sequence is the two SLO tokens then the prompt, each with a learned position;
 * pre-norm layers of bidirectional multi-head attention and a SiLU feed-forward block;
 * the score head reads the prompt positions of its branch, the decision head the mean of
 * the two SLO positions of its own (whose last layer is computed for those two alone).
 *
 * <p>
 * The graph is at opset 23 for its fused operators, {@code RMSNormalization} and
 * {@code Attention}: the tiny model's matrices are small, so its time is mostly ONNX
 * Runtime's cost per operator. With attention in blocks the prompt is padded once to
 * whole blocks, the padding masked out as keys and cut off at the end.
 */
public final class TinyModelGraph {

	private static final int OPSET = 23;

	private static final float MASKED = -1e9f;

	/** Input of a prefix-reusing graph: the decision branch's keys and values before. */
	public static final String PAST = "past_kv";

	/** Its output: the decision branch's keys and values of input_ids. */
	public static final String PRESENT = "present_kv";

	private final TinyModelConfig config;

	private final Map<String, float[]> weights;

	private final GraphProto.Builder graph = GraphProto.newBuilder().setName("elms_tlm");

	private final GraphWriter g = new GraphWriter(this.graph);

	private final Map<String, long[]> shapes;

	/** Weights already written into the graph, each written once however often used. */
	private final Set<String> written = new HashSet<>();

	/**
	 * The padding mask of every key for the SLO tokens' queries, [1, 1, 1, 2 + padded].
	 */
	private String sloMask;

	/**
	 * Per block, the mask of the SLO tokens' and the block's keys, [blocks, 1, 1, 2 + B].
	 */
	private String blockMask;

	/**
	 * The shape [blocks, 1, 1] the SLO tokens' keys are expanded by, one copy a block.
	 */
	private String perBlock;

	private TinyModelGraph(TinyModelConfig config, Map<String, float[]> weights) {
		this.config = config;
		this.weights = weights;
		this.shapes = config.shapes();
	}

	/** The serialized model, with the weights (by {@link TinyModelConfig#shapes()}). */
	public static byte[] build(TinyModelConfig config, Map<String, float[]> weights) {
		for (Map.Entry<String, long[]> shape : config.shapes().entrySet()) {
			float[] values = weights.get(shape.getKey());
			long size = 1;
			for (long dim : shape.getValue()) {
				size *= dim;
			}
			if (values == null || values.length != size) {
				throw new IllegalArgumentException(
						"tiny model weight " + shape.getKey() + " is missing or not of " + size + " values");
			}
		}
		return new TinyModelGraph(config, weights).build();
	}

	/**
	 * The weights of a graph {@link #build} wrote, by the names and shapes of
	 * {@link TinyModelConfig#shapes()}: the inverse of its layout (the embedding table
	 * split back, linear maps and a layer's qkv matrix transposed back).
	 * @throws IllegalArgumentException when the graph lacks a weight of the config
	 */
	public static Map<String, float[]> weights(TinyModelConfig config, byte[] model) {
		Map<String, float[]> initializers = new HashMap<>();
		try {
			for (TensorProto tensor : ModelProto.parseFrom(model).getGraph().getInitializerList()) {
				if (tensor.getName().startsWith("tlm.") && tensor.getDataType() == TensorProto.DataType.FLOAT_VALUE) {
					float[] values = new float[tensor.getRawData().size() / Float.BYTES];
					tensor.getRawData()
						.asReadOnlyByteBuffer()
						.order(ByteOrder.LITTLE_ENDIAN)
						.asFloatBuffer()
						.get(values);
					initializers.put(tensor.getName(), values);
				}
			}
		}
		catch (InvalidProtocolBufferException ex) {
			throw new IllegalArgumentException("not an ONNX model: " + ex.getMessage(), ex);
		}
		int d = config.hiddenSize();
		float[] table = initializers.get("tlm.embeddings");
		if (table != null && table.length == (config.vocabSize() + 2 * config.sloBuckets()) * d) {
			int vocab = config.vocabSize() * d;
			int slo = config.sloBuckets() * d;
			initializers.put("tlm.embed", Arrays.copyOfRange(table, 0, vocab));
			initializers.put("tlm.slo_ttft", Arrays.copyOfRange(table, vocab, vocab + slo));
			initializers.put("tlm.slo_tpot", Arrays.copyOfRange(table, vocab + slo, vocab + 2 * slo));
		}
		Map<String, float[]> weights = new LinkedHashMap<>();
		for (Map.Entry<String, long[]> entry : config.shapes().entrySet()) {
			String name = entry.getKey();
			long[] shape = entry.getValue();
			float[] plain = initializers.get("tlm." + name);
			float[] transposed = initializers.get("tlm." + name + ".t");
			float[] q = initializers.get("tlm." + name + ".q");
			float[] kv = initializers.get("tlm." + name + ".kv");
			if (plain != null) {
				weights.put(name, plain);
			}
			else if (transposed != null) {
				weights.put(name, transpose(transposed, (int) shape[1], (int) shape[0]));
			}
			else if (q != null && kv != null) {
				float[] qkv = Arrays.copyOf(transpose(q, d, d), 3 * d * d);
				System.arraycopy(transpose(kv, d, 2 * d), 0, qkv, d * d, 2 * d * d);
				weights.put(name, qkv);
			}
			long size = Arrays.stream(shape).reduce(1, Math::multiplyExact);
			if (!weights.containsKey(name) || weights.get(name).length != size) {
				throw new IllegalArgumentException(
						"the graph has no tiny model weight " + name + " of shape " + Arrays.toString(shape));
			}
		}
		return weights;
	}

	private byte[] build() {
		this.graph.addInput(GraphWriter.valueInfo("input_ids", TensorProto.DataType.INT64, "n"));
		this.graph.addInput(GraphWriter.valueInfo("slo_buckets", TensorProto.DataType.INT64, 2));
		boolean reusesPrefix = this.config.reusesPrefix();
		// the prompt tokens before input_ids: the length of the keys and values given
		String pastLength = null;
		if (reusesPrefix) {
			this.graph.addInput(
					GraphWriter.valueInfo(PAST, TensorProto.DataType.FLOAT, 1, "past", 2L * this.config.hiddenSize()));
			pastLength = this.g.op("Slice",
					List.of(this.g.op("Shape", PAST), this.g.int64s(1), this.g.int64s(2), this.g.int64s(0)));
		}
		// the sequence as [1, L, hidden] throughout, the batch axis that Attention reads;
		// one gather from one table: the SLO tokens' rows after the vocabulary's
		long vocab = this.config.vocabSize();
		String ids = this.g.op("Concat", List
			.of(this.g.op("Add", "slo_buckets", this.g.int64s(vocab, vocab + this.config.sloBuckets())), "input_ids"),
				Attr.i("axis", 0));
		String sequence = this.g.op("Gather", embeddings(), this.g.op("Unsqueeze", ids, this.g.int64s(0)),
				Attr.i("axis", 0));
		String n = this.g.op("Shape", "input_ids");
		String length = this.g.op("Add", n, this.g.int64s(2));
		String positions = (pastLength == null)
				? this.g.op("Slice", List.of(weight("position"), this.g.int64s(0), length, this.g.int64s(0)))
				// the SLO tokens' positions, then the prompt's from past the given prefix
				: this.g.op(
						"Concat", List.of(
								this.g.op("Slice",
										List.of(weight("position"), this.g.int64s(0), this.g.int64s(2),
												this.g.int64s(0))),
								this.g.op("Slice",
										List.of(weight("position"), this.g.op("Add", pastLength, this.g.int64s(2)),
												this.g.op("Add", pastLength, length), this.g.int64s(0)))),
						Attr.i("axis", 0));
		String x = this.g.op("Add", sequence, positions);
		if (this.config.attentionBlock() > 0) {
			x = padToBlocks(x, n, length, pastLength);
		}
		for (int l = 0; l < this.config.sharedLayers(); l++) {
			x = layer(TinyModelConfig.layerPrefix("shared", l), x);
		}
		String score = x;
		String decision = x;
		int branchLayers = this.config.branchLayers();
		for (int l = 0; l < branchLayers; l++) {
			String prefix = TinyModelConfig.layerPrefix("score", l);
			// the score head reads the prompt's rows of a last layer, not the SLO tokens'
			score = reusesPrefix ? promptLayer(prefix, score) : layer(prefix, score);
			prefix = TinyModelConfig.layerPrefix("decision", l);
			decision = (l < branchLayers - 1) ? layer(prefix, decision) : sloLayer(prefix, decision, length);
		}

		String scored = this.g.op("Add", linear(rmsNorm(score, "score.norm"), "score.head"), weight("score.bias"));
		String promptScores = reusesPrefix ? this.g.op("Slice", List.of(scored, this.g.int64s(0), n, this.g.int64s(1)))
				: this.g.op("Slice", List.of(scored, this.g.int64s(2), length, this.g.int64s(1)));
		this.g.op("Reshape", List.of(promptScores, this.g.int64s(-1)), "keep_logits");
		this.graph.addOutput(GraphWriter.valueInfo("keep_logits", TensorProto.DataType.FLOAT, "n"));

		// the SLO tokens, which attend to the whole prompt, are the pooled vector [1,
		// hidden]
		String pooled = this.g.op("ReduceMean", List.of(rmsNorm(decision, "decision.norm"), this.g.int64s(1)),
				Attr.i("keepdims", 0));
		head(pooled, "decision.ratio", "decision.ratio_bias", "ratio_logits", this.config.ratios().size());
		head(pooled, "decision.level", "decision.level_bias", "level_logits", this.config.levels());

		return GraphWriter.model(this.graph, OPSET);
	}

	private void head(String pooled, String matrix, String bias, String output, int classes) {
		String logits = this.g.op("Gemm", List.of(pooled, weight(matrix), weight(bias)), Attr.i("transB", 1));
		this.g.op("Reshape", List.of(logits, this.g.int64s(-1)), output);
		this.graph.addOutput(GraphWriter.valueInfo(output, TensorProto.DataType.FLOAT, classes));
	}

	/**
	 * Pads the sequence [1, 2 + n, hidden] with zero rows to whole blocks of prompt
	 * tokens and makes the masks every layer uses.
	 * @param pastLength [1], the prompt tokens whose keys and values are given, or null
	 */
	private String padToBlocks(String x, String n, String length, String pastLength) {
		long blockSize = this.config.attentionBlock();
		String block = this.g.int64s(blockSize);
		String padding = this.g.op("Mod", this.g.op("Sub", block, this.g.op("Mod", n, block)), block);
		String padded = this.g.op("Pad", List.of(x,
				this.g.op("Concat", List.of(this.g.int64s(0, 0, 0, 0), padding, this.g.int64s(0)), Attr.i("axis", 0))));
		String blocks = this.g.op("Div", this.g.op("Add", n, padding), block);
		this.perBlock = this.g.op("Concat", List.of(blocks, this.g.int64s(1, 1)), Attr.i("axis", 0));
		// keys past the prompt are padding: [2 + blocks * B]
		String keys = this.g.op("Range", List.of(this.g.int64Scalar(0),
				this.g.op("Squeeze", this.g.op("Add", length, padding)), this.g.int64Scalar(1)));
		String keyMask = this.g.op("Where",
				List.of(this.g.op("Less", keys, length), this.g.floatScalar(0f), this.g.floatScalar(MASKED)));
		// the given keys come right after the SLO tokens' and are never masked
		String sloKeyMask = (pastLength == null) ? keyMask : this.g.op("Concat", List.of(elements(keyMask, 0, 2),
				this.g.op("ConstantOfShape", pastLength), elements(keyMask, 2, Long.MAX_VALUE)), Attr.i("axis", 0));
		// ONNX Runtime broadcasts a mask over the batch and the heads, not over the
		// queries
		this.sloMask = this.g.op("Expand", List
			.of(this.g.op("Reshape", List.of(sloKeyMask, this.g.int64s(1, 1, 1, -1))), this.g.int64s(1, 1, 2, 1)));
		// a block's keys: the two SLO tokens, never masked, then its own B tokens
		String promptMask = this.g.op("Reshape",
				List.of(this.g.op("Slice",
						List.of(keyMask, this.g.int64s(2), this.g.int64s(Long.MAX_VALUE), this.g.int64s(0))),
						this.g.int64s(-1, blockSize)));
		String withSlo = this.g.op("Pad", List.of(promptMask, this.g.int64s(0, 2, 0, 0)));
		String perBlockMask = this.g.op("Reshape", List.of(withSlo, this.g.int64s(-1, 1, 1, 2 + blockSize)));
		this.blockMask = this.g.op("Expand", List.of(perBlockMask, this.g.int64s(1, 1, blockSize, 1)));
		return padded;
	}

	/** One pre-norm layer over x [1, L, hidden]. */
	private String layer(String prefix, String x) {
		String qkv = linear(rmsNorm(x, prefix + "attn_norm"), prefix + "qkv");
		String[] parts = this.g.ops("Split", List.of(qkv), 3, Attr.i("axis", 2), Attr.i("num_outputs", 3));
		String context;
		if (this.config.attentionBlock() == 0) {
			context = attention(parts[0], parts[1], parts[2], null);
		}
		else {
			// the SLO tokens attend to everything, the prompt's tokens block by block
			String slo = attention(rows(parts[0], 0, 2), parts[1], parts[2], this.sloMask);
			context = this.g.op("Concat", List.of(slo, blockContext(qkv)), Attr.i("axis", 1));
		}
		return feedForward(prefix, this.g.op("Add", x, linear(context, prefix + "o")));
	}

	/**
	 * A last layer for the prompt's rows alone, [1, padded, hidden]: the SLO tokens are
	 * keys to every block, and nothing reads what the layer computes for them.
	 */
	private String promptLayer(String prefix, String x) {
		String qkv = linear(rmsNorm(x, prefix + "attn_norm"), prefix + "qkv");
		String context = blockContext(qkv);
		return feedForward(prefix, this.g.op("Add", rows(x, 2, Long.MAX_VALUE), linear(context, prefix + "o")));
	}

	/**
	 * The attention of the prompt's tokens, [1, padded, hidden]: each attends to the two
	 * SLO tokens and to the tokens of its own block.
	 * @param qkv [1, 2 + padded, 3 * hidden], the SLO tokens' rows first
	 */
	private String blockContext(String qkv) {
		long block = this.config.attentionBlock();
		String slo = this.g.op("Expand", List.of(rows(qkv, 0, 2), this.perBlock));
		String prompt = this.g.op("Reshape",
				List.of(rows(qkv, 2, Long.MAX_VALUE), this.g.int64s(-1, block, 3L * this.config.hiddenSize())));
		// [blocks, 2 + B, 3 * hidden]
		String[] parts = this.g.ops("Split", List.of(this.g.op("Concat", List.of(slo, prompt), Attr.i("axis", 1))), 3,
				Attr.i("axis", 2), Attr.i("num_outputs", 3));
		String context = attention(rows(parts[0], 2, Long.MAX_VALUE), parts[1], parts[2], this.blockMask);
		return this.g.op("Reshape", List.of(context, this.g.int64s(1, -1, this.config.hiddenSize())));
	}

	/** Elements [from, to) of a vector. */
	private String elements(String x, long from, long to) {
		return this.g.op("Slice", List.of(x, this.g.int64s(from), this.g.int64s(to), this.g.int64s(0)));
	}

	/** Rows [from, to) of the second axis of a [batch, L, ..] tensor. */
	private String rows(String x, long from, long to) {
		return this.g.op("Slice", List.of(x, this.g.int64s(from), this.g.int64s(to), this.g.int64s(1)));
	}

	/** Softmax attention of q [batch, Lq, hidden] over k, v [batch, Lk, hidden]. */
	private String attention(String q, String k, String v, String mask) {
		List<String> inputs = (mask != null) ? List.of(q, k, v, mask) : List.of(q, k, v);
		return this.g.op("Attention", inputs, Attr.i("q_num_heads", this.config.heads()),
				Attr.i("kv_num_heads", this.config.heads()));
	}

	private String rmsNorm(String x, String weight) {
		return this.g.op("RMSNormalization", List.of(x, weight(weight)), Attr.i("axis", -1),
				Attr.f("epsilon", (float) this.config.rmsNormEps()));
	}

	private String feedForward(String prefix, String x) {
		String up = linear(rmsNorm(x, prefix + "ffn_norm"), prefix + "up");
		String act = this.g.op("Mul", up, this.g.op("Sigmoid", up));
		return this.g.op("Add", x, linear(act, prefix + "down"));
	}

	/**
	 * The decision branch's last layer for the two SLO positions alone, all the head
	 * reads: what a whole layer computes there, without the queries, the feed-forward
	 * block and the residual stream of the prompt positions. When the model reuses a
	 * prefix, the prompt's keys and values are the given prefix's, then those computed
	 * here, which are an output.
	 * @param length [1], 2 + the prompt tokens in this sequence
	 */
	private String sloLayer(String prefix, String x, String length) {
		String h = rmsNorm(x, prefix + "attn_norm");
		String[] qkv = qkvParts(prefix);
		String kv = this.g.op("MatMul", h, qkv[1]);
		if (this.config.reusesPrefix()) {
			this.g.op("Slice", List.of(kv, this.g.int64s(2), length, this.g.int64s(1)), PRESENT);
			this.graph.addOutput(
					GraphWriter.valueInfo(PRESENT, TensorProto.DataType.FLOAT, 1, "n", 2L * this.config.hiddenSize()));
			kv = this.g.op("Concat", List.of(rows(kv, 0, 2), PAST, rows(kv, 2, Long.MAX_VALUE)), Attr.i("axis", 1));
		}
		String[] parts = this.g.ops("Split", List.of(kv), 2, Attr.i("axis", 2), Attr.i("num_outputs", 2));
		String q = this.g.op("MatMul", rows(h, 0, 2), qkv[0]);
		String context = attention(q, parts[0], parts[1], this.sloMask);
		return feedForward(prefix, this.g.op("Add", rows(x, 0, 2), linear(context, prefix + "o")));
	}

	/**
	 * The query columns and the key and value columns of a layer's qkv matrix, apart, as
	 * [hidden, out] for MatMul.
	 */
	private String[] qkvParts(String prefix) {
		String name = prefix + "qkv";
		int d = this.config.hiddenSize();
		float[] all = this.weights.get(name);
		String q = "tlm." + name + ".q";
		String kv = "tlm." + name + ".kv";
		if (this.written.add(q)) {
			this.g.floats(q, transpose(Arrays.copyOfRange(all, 0, d * d), d, d), d, d);
			this.g.floats(kv, transpose(Arrays.copyOfRange(all, d * d, 3 * d * d), 2 * d, d), d, 2L * d);
		}
		return new String[] { q, kv };
	}

	/** x [.., in] times a weight matrix [out, in]: [.., out]. */
	private String linear(String x, String name) {
		String initializer = "tlm." + name + ".t";
		if (this.written.add(initializer)) {
			long[] shape = this.shapes.get(name);
			this.g.floats(initializer, transpose(this.weights.get(name), (int) shape[0], (int) shape[1]), shape[1],
					shape[0]);
		}
		return this.g.op("MatMul", x, initializer);
	}

	private static float[] transpose(float[] matrix, int rows, int columns) {
		float[] transposed = new float[matrix.length];
		for (int r = 0; r < rows; r++) {
			for (int c = 0; c < columns; c++) {
				transposed[c * rows + r] = matrix[r * columns + c];
			}
		}
		return transposed;
	}

	/** The token embeddings, then the TTFT SLO tokens', then the TPOT SLO tokens'. */
	private String embeddings() {
		String name = "tlm.embeddings";
		float[] embed = this.weights.get("embed");
		float[] ttft = this.weights.get("slo_ttft");
		float[] tpot = this.weights.get("slo_tpot");
		float[] table = Arrays.copyOf(embed, embed.length + ttft.length + tpot.length);
		System.arraycopy(ttft, 0, table, embed.length, ttft.length);
		System.arraycopy(tpot, 0, table, embed.length + ttft.length, tpot.length);
		return this.g.floats(name, table, this.config.vocabSize() + 2L * this.config.sloBuckets(),
				this.config.hiddenSize());
	}

	private String weight(String name) {
		String initializer = "tlm." + name;
		if (this.written.add(initializer)) {
			this.g.floats(initializer, this.weights.get(name), this.shapes.get(name));
		}
		return initializer;
	}

}
