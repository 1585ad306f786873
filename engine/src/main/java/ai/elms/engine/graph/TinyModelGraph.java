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
		String scores = this.g.op("MatMul", this.g.op("Mul", q, this.g.floatScalar((float) (1 / Math.sqrt(hd)))),
				this.g.op("Transpose", k, Attr.ints("perm", 0, 2, 1)));
		String context = this.g.op("MatMul", this.g.op("Softmax", scores, Attr.i("axis", -1)), v);
		context = this.g.op("Reshape", this.g.op("Transpose", context, Attr.ints("perm", 1, 0, 2)),
				this.g.int64s(-1, d));
		x = this.g.op("Add", x, this.g.op("Gemm", List.of(context, weight(prefix + "o")), Attr.i("transB", 1)));
		return feedForward(prefix, x);
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
