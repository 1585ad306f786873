package ai.elms.engine.graph;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.elms.engine.graph.GraphWriter.Attr;
import ai.elms.engine.tlm.TinyModelConfig;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.TensorProto;

/**
 * The ONNX graph of a tiny model, its weights inside. Inputs: {@code input_ids} (int64
 * [n], the prompt) and {@code slo_buckets} (int64 [2]: the TTFT and the TPOT SLO bucket).
 * Outputs: {@code keep_logits} (float [n], one per prompt token), {@code ratio_logits}
 * (float [ratios]) and {@code level_logits} (float [levels]).
 *
 * <p>
 * The sequence is the two SLO tokens then the prompt, each with a learned position;
 * pre-norm layers of bidirectional multi-head attention and a SiLU feed-forward block;
 * the score head reads the prompt positions of its branch, the decision head the mean of
 * the two SLO positions of its own (whose last layer is computed for those two alone).
 */
public final class TinyModelGraph {

	private final TinyModelConfig config;

	private final Map<String, float[]> weights;

	private final GraphProto.Builder graph = GraphProto.newBuilder().setName("elms_tlm");

	private final GraphWriter g = new GraphWriter(this.graph);

	private final Map<String, long[]> shapes;

	/** Weights already written into the graph, each written once however often used. */
	private final Set<String> written = new HashSet<>();

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

	private byte[] build() {
		int d = this.config.hiddenSize();
		this.graph.addInput(GraphWriter.valueInfo("input_ids", TensorProto.DataType.INT64, "n"));
		this.graph.addInput(GraphWriter.valueInfo("slo_buckets", TensorProto.DataType.INT64, 2));
		String tokens = this.g.op("Gather", weight("embed"), "input_ids", Attr.i("axis", 0));
		String ttft = this.g.op("Gather", weight("slo_ttft"),
				this.g.op("Slice", List.of("slo_buckets", this.g.int64s(0), this.g.int64s(1), this.g.int64s(0))),
				Attr.i("axis", 0));
		String tpot = this.g.op("Gather", weight("slo_tpot"),
				this.g.op("Slice", List.of("slo_buckets", this.g.int64s(1), this.g.int64s(2), this.g.int64s(0))),
				Attr.i("axis", 0));
		String sequence = this.g.op("Concat", List.of(ttft, tpot, tokens), Attr.i("axis", 0));
		String length = this.g.op("Shape", sequence, Attr.i("start", 0), Attr.i("end", 1));
		String positions = this.g.op("Slice", List.of(weight("position"), this.g.int64s(0), length, this.g.int64s(0)));
		String x = this.g.op("Add", sequence, positions);
		for (int l = 0; l < this.config.sharedLayers(); l++) {
			x = layer(TinyModelConfig.layerPrefix("shared", l), x);
		}
		String score = x;
		String decision = x;
		int branchLayers = this.config.branchLayers();
		for (int l = 0; l < branchLayers; l++) {
			score = layer(TinyModelConfig.layerPrefix("score", l), score);
			String prefix = TinyModelConfig.layerPrefix("decision", l);
			decision = (l < branchLayers - 1) ? layer(prefix, decision) : sloLayer(prefix, decision);
		}

		float eps = (float) this.config.rmsNormEps();
		String scored = this.g.op("Gemm",
				List.of(this.g.rmsNorm(score, eps, weight("score.norm")), weight("score.head"), weight("score.bias")),
				Attr.i("transB", 1));
		String promptScores = this.g.op("Slice",
				List.of(scored, this.g.int64s(2), this.g.int64s(Long.MAX_VALUE), this.g.int64s(0)));
		this.g.op("Reshape", List.of(promptScores, this.g.int64s(-1)), "keep_logits");
		this.graph.addOutput(GraphWriter.valueInfo("keep_logits", TensorProto.DataType.FLOAT, "n"));

		// the SLO tokens, which attend to the whole prompt, are the pooled vector
		String sloStates = this.g.op("Slice", List.of(decision, this.g.int64s(0), this.g.int64s(2), this.g.int64s(0)));
		String pooled = this.g.op("ReduceMean", this.g.rmsNorm(sloStates, eps, weight("decision.norm")),
				Attr.ints("axes", 0), Attr.i("keepdims", 1));
		head(pooled, "decision.ratio", "decision.ratio_bias", "ratio_logits", this.config.ratios().size());
		head(pooled, "decision.level", "decision.level_bias", "level_logits", this.config.levels());

		return GraphWriter.model(this.graph);
	}

	private void head(String pooled, String matrix, String bias, String output, int classes) {
		String logits = this.g.op("Gemm", List.of(pooled, weight(matrix), weight(bias)), Attr.i("transB", 1));
		this.g.op("Reshape", List.of(logits, this.g.int64s(-1)), output);
		this.graph.addOutput(GraphWriter.valueInfo(output, TensorProto.DataType.FLOAT, classes));
	}

	/** One pre-norm layer over x [L, hidden]. */
	private String layer(String prefix, String x) {
		int d = this.config.hiddenSize();
		int heads = this.config.heads();
		int hd = this.config.headDim();
		float eps = (float) this.config.rmsNormEps();
		String h = this.g.rmsNorm(x, eps, weight(prefix + "attn_norm"));
		String qkv = this.g.op("Gemm", List.of(h, weight(prefix + "qkv")), Attr.i("transB", 1));
		// [L, 3 * hidden] -> [3, heads, L, hd]
		String split = this.g.op("Transpose", this.g.op("Reshape", qkv, this.g.int64s(-1, 3, heads, hd)),
				Attr.ints("perm", 1, 2, 0, 3));
		String q = part(split, 0);
		String k = part(split, 1);
		String v = part(split, 2);
		String context;
		if (this.config.attentionBlock() == 0) {
			context = this.g.op("Reshape", this.g.op("Transpose", attend(q, k, v), Attr.ints("perm", 1, 0, 2)),
					this.g.int64s(-1, d));
		}
		else {
			// the SLO tokens attend to everything, the prompt's tokens block by block
			String sloQueries = this.g.op("Slice", List.of(q, this.g.int64s(0), this.g.int64s(2), this.g.int64s(1)));
			String slo = this.g.op("Reshape",
					this.g.op("Transpose", attend(sloQueries, k, v), Attr.ints("perm", 1, 0, 2)), this.g.int64s(2, d));
			context = this.g.op("Concat", List.of(slo, blockContext(qkv, k, v)), Attr.i("axis", 0));
		}
		x = this.g.op("Add", x, this.g.op("Gemm", List.of(context, weight(prefix + "o")), Attr.i("transB", 1)));
		return feedForward(prefix, x);
	}

	/** Softmax attention of q [.., Lq, hd] over k, v [.., Lk, hd]. */
	private String attend(String q, String k, String v) {
		int hd = this.config.headDim();
		String scores = this.g.op("MatMul", this.g.op("Mul", q, this.g.floatScalar((float) (1 / Math.sqrt(hd)))),
				this.g.op("Transpose", k, Attr.ints("perm", 0, 2, 1)));
		return this.g.op("MatMul", this.g.op("Softmax", scores, Attr.i("axis", -1)), v);
	}

	/**
	 * The attention of the prompt's tokens, [n, hidden]: each attends to the two SLO
	 * tokens and to the tokens of its own block. The prompt is padded to whole blocks,
	 * the padding masked out as keys and cut off as queries.
	 * @param qkv [2 + n, 3 * hidden], the SLO tokens' rows first
	 * @param k the keys of all positions [heads, 2 + n, hd]
	 * @param v their values
	 */
	private String blockContext(String qkv, String k, String v) {
		int d = this.config.hiddenSize();
		int heads = this.config.heads();
		int hd = this.config.headDim();
		long block = this.config.attentionBlock();
		String prompt = this.g.op("Slice",
				List.of(qkv, this.g.int64s(2), this.g.int64s(Long.MAX_VALUE), this.g.int64s(0)));
		String n = this.g.op("Shape", prompt, Attr.i("start", 0), Attr.i("end", 1));
		String blockSize = this.g.int64s(block);
		String padding = this.g.op("Mod", this.g.op("Sub", blockSize, this.g.op("Mod", n, blockSize)), blockSize);
		String padded = this.g.op("Pad", List.of(prompt,
				this.g.op("Concat", List.of(this.g.int64s(0, 0), padding, this.g.int64s(0)), Attr.i("axis", 0))));
		String blocks = this.g.op("Div", this.g.op("Add", n, padding), blockSize);
		// [blocks * B, 3 * hidden] -> [3, blocks, heads, B, hd]
		String split = this.g.op("Transpose", this.g.op("Reshape", padded, this.g.int64s(-1, block, 3, heads, hd)),
				Attr.ints("perm", 2, 0, 3, 1, 4));
		String q = part(split, 0);
		// the SLO tokens' keys and values, for every block: [blocks, heads, 2, hd]
		String sloShape = this.g.op("Concat", List.of(blocks, this.g.int64s(heads, 2, hd)), Attr.i("axis", 0));
		String keys = this.g.op("Concat", List.of(sloRows(k, sloShape), part(split, 1)), Attr.i("axis", 2));
		String values = this.g.op("Concat", List.of(sloRows(v, sloShape), part(split, 2)), Attr.i("axis", 2));
		String scores = this.g.op("MatMul", this.g.op("Mul", q, this.g.floatScalar((float) (1 / Math.sqrt(hd)))),
				this.g.op("Transpose", keys, Attr.ints("perm", 0, 1, 3, 2)));
		// padding keys: positions past n, [blocks, 1, 1, 2 + B]
		String positions = this.g.op("Reshape", this.g.op("Range", List.of(this.g.int64Scalar(0),
				this.g.op("Mul", this.g.op("Squeeze", blocks), this.g.int64Scalar(block)), this.g.int64Scalar(1))),
				this.g.int64s(-1, 1, 1, block));
		String padMask = this.g.op("Where",
				List.of(this.g.op("Less", positions, n), this.g.floatScalar(0f), this.g.floatScalar(-1e9f)));
		String mask = this.g.op("Pad", List.of(padMask, this.g.int64s(0, 0, 0, 2, 0, 0, 0, 0)));
		String probs = this.g.op("Softmax", this.g.op("Add", scores, mask), Attr.i("axis", -1));
		// [blocks, heads, B, hd] -> [blocks * B, hidden], the padding cut off
		String context = this.g.op("Reshape",
				this.g.op("Transpose", this.g.op("MatMul", probs, values), Attr.ints("perm", 0, 2, 1, 3)),
				this.g.int64s(-1, d));
		return this.g.op("Slice", List.of(context, this.g.int64s(0), n, this.g.int64s(0)));
	}

	/**
	 * The SLO tokens' rows of [heads, 2 + n, hd], repeated to a shape [blocks, heads, 2,
	 * hd].
	 */
	private String sloRows(String x, String shape) {
		String rows = this.g.op("Slice", List.of(x, this.g.int64s(0), this.g.int64s(2), this.g.int64s(1)));
		return this.g.op("Expand", List.of(this.g.op("Unsqueeze", rows, this.g.int64s(0)), shape));
	}

	private String feedForward(String prefix, String x) {
		float eps = (float) this.config.rmsNormEps();
		String f = this.g.rmsNorm(x, eps, weight(prefix + "ffn_norm"));
		String up = this.g.op("Gemm", List.of(f, weight(prefix + "up")), Attr.i("transB", 1));
		String act = this.g.op("Mul", up, this.g.op("Sigmoid", up));
		return this.g.op("Add", x, this.g.op("Gemm", List.of(act, weight(prefix + "down")), Attr.i("transB", 1)));
	}

	/**
	 * The decision branch's last layer for the two SLO positions alone, all the head
	 * reads: what a whole layer computes there, without the queries, the feed-forward
	 * block and the residual stream of the prompt positions.
	 */
	private String sloLayer(String prefix, String x) {
		int d = this.config.hiddenSize();
		int heads = this.config.heads();
		int hd = this.config.headDim();
		float eps = (float) this.config.rmsNormEps();
		String h = this.g.rmsNorm(x, eps, weight(prefix + "attn_norm"));
		String[] qkv = qkvParts(prefix);
		// [L, 2 * hidden] -> [2, heads, L, hd]
		String split = this.g.op("Transpose", this.g.op("Reshape",
				this.g.op("Gemm", List.of(h, qkv[1]), Attr.i("transB", 1)), this.g.int64s(-1, 2, heads, hd)),
				Attr.ints("perm", 1, 2, 0, 3));
		String slo = this.g.op("Slice", List.of(h, this.g.int64s(0), this.g.int64s(2), this.g.int64s(0)));
		// [2, hidden] -> [heads, 2, hd]
		String q = this.g.op("Transpose", this.g.op("Reshape",
				this.g.op("Gemm", List.of(slo, qkv[0]), Attr.i("transB", 1)), this.g.int64s(2, heads, hd)),
				Attr.ints("perm", 1, 0, 2));
		String scores = this.g.op("MatMul", this.g.op("Mul", q, this.g.floatScalar((float) (1 / Math.sqrt(hd)))),
				this.g.op("Transpose", part(split, 0), Attr.ints("perm", 0, 2, 1)));
		String context = this.g.op("MatMul", this.g.op("Softmax", scores, Attr.i("axis", -1)), part(split, 1));
		context = this.g.op("Reshape", this.g.op("Transpose", context, Attr.ints("perm", 1, 0, 2)),
				this.g.int64s(2, d));
		String residual = this.g.op("Slice", List.of(x, this.g.int64s(0), this.g.int64s(2), this.g.int64s(0)));
		residual = this.g.op("Add", residual,
				this.g.op("Gemm", List.of(context, weight(prefix + "o")), Attr.i("transB", 1)));
		return feedForward(prefix, residual);
	}

	/** The query rows and the key and value rows of a layer's qkv matrix, apart. */
	private String[] qkvParts(String prefix) {
		String name = prefix + "qkv";
		int d = this.config.hiddenSize();
		float[] all = this.weights.get(name);
		String q = "tlm." + name + ".q";
		String kv = "tlm." + name + ".kv";
		if (this.written.add(q)) {
			this.g.floats(q, Arrays.copyOfRange(all, 0, d * d), d, d);
			this.g.floats(kv, Arrays.copyOfRange(all, d * d, 3 * d * d), 2L * d, d);
		}
		return new String[] { q, kv };
	}

	/** The i-th of [3, heads, L, hd]: [heads, L, hd]. */
	private String part(String split, int index) {
		String slice = this.g.op("Slice",
				List.of(split, this.g.int64s(index), this.g.int64s(index + 1), this.g.int64s(0)));
		return this.g.op("Squeeze", slice, this.g.int64s(0));
	}

	private String weight(String name) {
		String initializer = "tlm." + name;
		if (this.written.add(initializer)) {
			this.g.floats(initializer, this.weights.get(name), this.shapes.get(name));
		}
		return initializer;
	}

}
