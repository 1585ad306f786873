package ai.elms.engine.graph;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import ai.elms.engine.graph.GraphWriter.Attr;
import ai.elms.engine.pack.Architecture;
import ai.elms.engine.pack.LevelSpec;
import ai.elms.engine.pack.PackageManifest;
import ai.elms.engine.pack.WeightNames;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;

/**
 * The ONNX graph of one level: a decoder step over {@code input_ids [n]} with a KV cache,
 * batch 1. Inputs: {@code input_ids} (int64 [n]), per attending layer {@code past_key.L}
 * and {@code past_value.L} (float [1, kv_groups, past, head_dim]). Outputs:
 * {@code logits} (float [1, vocab] for the last position, or [n, vocab] with
 * {@code allPositions}), per attending layer {@code present_key.L} and
 * {@code present_value.L} (float [1, kv_groups, past + n, head_dim]). A layer without KV
 * groups or FFN neurons skips that block.
 *
 * <p>
 * At opset 23 for its fused {@code RotaryEmbedding} and {@code Attention} (grouped-query,
 * with the cache): a small model's step is mostly ONNX Runtime's cost per operator.
 *
 * @param model the serialized ONNX model; weights are external initializers to bind
 * @param weights the weights the graph declares, with the rows of the level
 */
public record LevelGraph(byte[] model, List<WeightBinding> weights) {

	/**
	 * File the external initializers point at; it is never read, every weight is bound
	 * instead.
	 */
	public static final String PLACEHOLDER_FILE = "weights.placeholder";

	/**
	 * A weight to bind: the first {@code rows} rows of the package tensor of the same
	 * name, or of LaCo's merge of it with the tensors it absorbs (each absorbed tensor's
	 * difference from it added).
	 *
	 * @param name initializer and package tensor name
	 * @param shape shape of the bound view
	 * @param absorbed the package tensors merged into it, in the layers' order; empty for
	 * the package tensor itself
	 */
	public record WeightBinding(String name, long[] shape, List<String> absorbed) {

		public WeightBinding {
			absorbed = List.copyOf(absorbed);
		}

		public int rows() {
			return (int) this.shape[0];
		}

	}

	public static String pastKey(int layer) {
		return "past_key." + layer;
	}

	public static String pastValue(int layer) {
		return "past_value." + layer;
	}

	public static String presentKey(int layer) {
		return "present_key." + layer;
	}

	public static String presentValue(int layer) {
		return "present_value." + layer;
	}

	public static LevelGraph build(PackageManifest manifest, LevelSpec level, boolean allPositions) {
		return new Builder(manifest.architecture(), level).build(allPositions);
	}

	/** The opset of the fused operators. */
	private static final int OPSET = 23;

	private static final class Builder {

		private final Architecture arch;

		private final LevelSpec level;

		private final GraphProto.Builder graph = GraphProto.newBuilder().setName("elms_level");

		private final GraphWriter g = new GraphWriter(this.graph);

		private final List<WeightBinding> weights = new ArrayList<>();

		Builder(Architecture arch, LevelSpec level) {
			this.arch = arch;
			this.level = level;
		}

		LevelGraph build(boolean allPositions) {
			int d = this.arch.hiddenSize();
			int hd = this.arch.headDim();
			this.graph.addInput(GraphWriter.valueInfo("input_ids", TensorProto.DataType.INT64, "n"));
			int firstAttending = -1;
			for (int l = 0; l < this.arch.layers(); l++) {
				int groups = this.level.kvGroups().get(l);
				if (groups == 0) {
					continue;
				}
				firstAttending = (firstAttending < 0) ? l : firstAttending;
				this.graph
					.addInput(GraphWriter.valueInfo(pastKey(l), TensorProto.DataType.FLOAT, 1, groups, "past", hd));
				this.graph
					.addInput(GraphWriter.valueInfo(pastValue(l), TensorProto.DataType.FLOAT, 1, groups, "past", hd));
			}

			// positions: the new tokens sit at past ... past + n - 1
			String past = this.g.op("Gather", this.g.op("Shape", pastKey(firstAttending)), this.g.int64Scalar(2),
					Attr.i("axis", 0));
			String n = this.g.op("Gather", this.g.op("Shape", "input_ids"), this.g.int64Scalar(0), Attr.i("axis", 0));
			String total = this.g.op("Add", past, n);
			String queryPositions = this.g.op("Range", List.of(past, total, this.g.int64Scalar(1)));
			String keyPositions = this.g.op("Range", List.of(this.g.int64Scalar(0), total, this.g.int64Scalar(1)));
			String future = this.g.op("Greater", this.g.op("Unsqueeze", keyPositions, this.g.int64s(0)),
					this.g.op("Unsqueeze", queryPositions, this.g.int64s(1)));
			// additive, [n, past + n]: broadcast over the heads
			String mask = this.g.op("Where", List.of(future, this.g.floatScalar(-1e9f), this.g.floatScalar(0f)));
			String[] rope = ropeTables(this.g.op("Unsqueeze", queryPositions, this.g.int64s(0)));

			String x = this.g.op("Gather", bind(WeightNames.EMBED, this.arch.vocabSize(), d), "input_ids",
					Attr.i("axis", 0));
			for (int l = 0; l < this.arch.layers(); l++) {
				x = layer(l, x, rope, mask);
			}
			if (!allPositions) {
				x = this.g.op("Slice", List.of(x, this.g.int64s(-1), this.g.int64s(Long.MAX_VALUE), this.g.int64s(0)));
			}
			String normed = rmsNorm(x, bind(WeightNames.FINAL_NORM, d));
			String head = this.arch.tieEmbeddings() ? WeightNames.EMBED
					: bind(WeightNames.LM_HEAD, this.arch.vocabSize(), d);
			this.g.op("Gemm", List.of(normed, head), "logits", Attr.i("transB", 1));
			this.graph.addOutput(GraphWriter.valueInfo("logits", TensorProto.DataType.FLOAT, allPositions ? "n" : 1,
					this.arch.vocabSize()));

			return new LevelGraph(GraphWriter.model(this.graph, OPSET), List.copyOf(this.weights));
		}

		private String layer(int l, String x, String[] rope, String mask) {
			if (this.level.attends(l)) {
				x = attention(l, x, rope, mask);
			}
			return (this.level.ffn().get(l) > 0) ? feedForward(l, x) : x;
		}

		private String attention(int l, String x, String[] rope, String mask) {
			int hd = this.arch.headDim();
			int groups = this.level.kvGroups().get(l);
			int heads = groups * this.arch.headsPerGroup();
			int d = this.arch.hiddenSize();

			String h = rmsNorm(x, bind(l, WeightNames::attnNorm, d));
			// [1, n, units * hd], the batch axis that RotaryEmbedding and Attention read
			String q = rotate(batched(projectRows(h, bind(l, WeightNames::q, heads * hd, d))), heads, rope);
			String k = rotate(batched(projectRows(h, bind(l, WeightNames::k, groups * hd, d))), groups, rope);
			String v = batched(projectRows(h, bind(l, WeightNames::v, groups * hd, d)));
			String context = "attention_" + l;
			this.g.node("Attention", List.of(q, k, v, mask, pastKey(l), pastValue(l)),
					List.of(context, presentKey(l), presentValue(l)), Attr.i("q_num_heads", heads),
					Attr.i("kv_num_heads", groups));
			this.graph
				.addOutput(GraphWriter.valueInfo(presentKey(l), TensorProto.DataType.FLOAT, 1, groups, "total", hd));
			this.graph
				.addOutput(GraphWriter.valueInfo(presentValue(l), TensorProto.DataType.FLOAT, 1, groups, "total", hd));
			String rows = this.g.op("Reshape", context, this.g.int64s(-1, heads * hd));
			String attention = this.g.op("MatMul", rows, bind(l, WeightNames::oTransposed, heads * hd, d));
			return this.g.op("Add", x, attention);
		}

		private String feedForward(int l, String x) {
			int ffn = this.level.ffn().get(l);
			int d = this.arch.hiddenSize();
			String f = rmsNorm(x, bind(l, WeightNames::ffnNorm, d));
			String gate = projectRows(f, bind(l, WeightNames::gate, ffn, d));
			String up = projectRows(f, bind(l, WeightNames::up, ffn, d));
			String act = this.g.op("Mul", this.g.op("Mul", gate, this.g.op("Sigmoid", gate)), up);
			String down = this.g.op("MatMul", act, bind(l, WeightNames::downTransposed, ffn, d));
			return this.g.op("Add", x, down);
		}

		/** x [n, hidden] times the transpose of a [units, hidden] weight. */
		private String projectRows(String x, String weight) {
			return this.g.op("Gemm", List.of(x, weight), Attr.i("transB", 1));
		}

		private String rmsNorm(String x, String weight) {
			return this.g.op("RMSNormalization", List.of(x, weight), Attr.i("axis", -1),
					Attr.f("epsilon", (float) this.arch.rmsNormEps()));
		}

		/** [n, width] as [1, n, width]. */
		private String batched(String x) {
			return this.g.op("Unsqueeze", x, this.g.int64s(0));
		}

		/** Rotary embedding, rotate-half form, over [1, n, units * hd]. */
		private String rotate(String x, int units, String[] rope) {
			return this.g.op("RotaryEmbedding", List.of(x, rope[0], rope[1], rope[2]), Attr.i("num_heads", units));
		}

		/**
		 * The cosine and sine tables, [context, hd / 2], and the positions [1, n] they
		 * are read at.
		 */
		private String[] ropeTables(String positions) {
			int half = this.arch.headDim() / 2;
			int context = this.arch.contextLength();
			float[] cos = new float[context * half];
			float[] sin = new float[context * half];
			for (int p = 0; p < context; p++) {
				for (int i = 0; i < half; i++) {
					double angle = p * Math.pow(this.arch.ropeTheta(), -2.0 * i / this.arch.headDim());
					cos[p * half + i] = (float) Math.cos(angle);
					sin[p * half + i] = (float) Math.sin(angle);
				}
			}
			return new String[] { this.g.floats("rope_cos", cos, context, half),
					this.g.floats("rope_sin", sin, context, half), positions };
		}

		/** A weight of a layer, merged with the same weight of the layers it absorbs. */
		private String bind(int layer, IntFunction<String> name, long... shape) {
			List<String> absorbed = new ArrayList<>();
			for (int k = 1; k <= this.level.absorbed(layer); k++) {
				absorbed.add(name.apply(layer + k));
			}
			return bind(name.apply(layer), absorbed, shape);
		}

		private String bind(String name, long... shape) {
			return bind(name, List.of(), shape);
		}

		private String bind(String name, List<String> absorbed, long... shape) {
			TensorProto.Builder init = TensorProto.newBuilder()
				.setName(name)
				.setDataType(TensorProto.DataType.FLOAT.getNumber())
				.setDataLocation(TensorProto.DataLocation.EXTERNAL)
				.addExternalData(StringStringEntryProto.newBuilder().setKey("location").setValue(PLACEHOLDER_FILE));
			for (long dim : shape) {
				init.addDims(dim);
			}
			this.graph.addInitializer(init);
			this.weights.add(new WeightBinding(name, shape, absorbed));
			return name;
		}

	}

}
