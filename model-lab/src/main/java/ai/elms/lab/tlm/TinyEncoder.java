package ai.elms.lab.tlm;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.elms.engine.pack.SafeTensors;
import ai.elms.engine.tlm.TinyModelConfig;

/**
 * The tiny model as DJL NDArrays, the function of the engine's {@code TinyModelGraph}
 * over right-padded batches: the two SLO tokens then the prompt, learned positions,
 * pre-norm layers of bidirectional attention (padding masked out; the prompt's tokens
 * within their block when the config has blocks) and SiLU feed-forward blocks; a shared
 * trunk, then a branch per head. Parameters carry the names and shapes of
 * {@link TinyModelConfig#shapes()}.
 */
public final class TinyEncoder implements AutoCloseable {

	private static final float INIT_STD = 0.02f;

	private static final float MASKED = -1e9f;

	private final TinyModelConfig config;

	private final NDManager manager;

	private final Map<String, NDArray> parameters;

	private TinyEncoder(TinyModelConfig config, NDManager manager, Map<String, NDArray> parameters) {
		this.config = config;
		this.manager = manager;
		this.parameters = Collections.unmodifiableMap(parameters);
	}

	/** Seeded random weights: normal(0, 0.02), norms at one, biases at zero. */
	public static TinyEncoder initialize(TinyModelConfig config, long seed, NDManager parent) {
		NDManager manager = parent.newSubManager();
		SplittableRandom root = new SplittableRandom(seed);
		Map<String, NDArray> parameters = new LinkedHashMap<>();
		for (Map.Entry<String, long[]> entry : config.shapes().entrySet()) {
			String name = entry.getKey();
			Shape shape = new Shape(entry.getValue());
			float[] values = new float[Math.toIntExact(shape.size())];
			if (name.endsWith("norm")) {
				java.util.Arrays.fill(values, 1f);
			}
			else if (!name.endsWith("bias")) {
				SplittableRandom random = root.split();
				for (int i = 0; i < values.length; i++) {
					values[i] = (float) random.nextGaussian() * INIT_STD;
				}
			}
			parameters.put(name, manager.create(values, shape));
		}
		return new TinyEncoder(config, manager, parameters);
	}

	/** A tiny model with the weights of a file written by {@link #write}. */
	public static TinyEncoder load(TinyModelConfig config, Path weightsFile, NDManager parent) throws IOException {
		Map<String, SafeTensors.Tensor> tensors = SafeTensors.map(weightsFile);
		Map<String, float[]> weights = new LinkedHashMap<>();
		for (Map.Entry<String, long[]> entry : config.shapes().entrySet()) {
			SafeTensors.Tensor tensor = tensors.get(entry.getKey());
			if (tensor == null || !java.util.Arrays.equals(tensor.shape(), entry.getValue())) {
				throw new IOException(weightsFile + " has no tensor " + entry.getKey() + " of shape "
						+ java.util.Arrays.toString(entry.getValue()));
			}
			FloatBuffer data = tensor.data().duplicate();
			float[] values = new float[data.remaining()];
			data.get(values);
			weights.put(entry.getKey(), values);
		}
		return of(config, weights, parent);
	}

	/**
	 * A tiny model with given weights, by the names of {@link TinyModelConfig#shapes()},
	 * as the engine's {@code TinyModel.weights} reads them back from a shipped model.
	 */
	public static TinyEncoder of(TinyModelConfig config, Map<String, float[]> weights, NDManager parent) {
		NDManager manager = parent.newSubManager();
		Map<String, NDArray> parameters = new LinkedHashMap<>();
		config.shapes()
			.forEach((name, shape) -> parameters.put(name, manager.create(weights.get(name), new Shape(shape))));
		return new TinyEncoder(config, manager, parameters);
	}

	/** Writes the weights as safetensors, to train on later with {@link #load}. */
	public void write(Path weightsFile) throws IOException {
		List<SafeTensors.Entry> entries = new ArrayList<>();
		this.parameters.forEach((name, p) -> entries
			.add(new SafeTensors.Entry(name, p.getShape().getShape(), () -> FloatBuffer.wrap(p.toFloatArray()))));
		SafeTensors.write(weightsFile, entries);
	}

	public TinyModelConfig config() {
		return this.config;
	}

	/** The parameters by tensor name, in the weights' order. */
	public Map<String, NDArray> parameters() {
		return this.parameters;
	}

	/** The weights as the engine's {@code TinyModel.write} takes them. */
	public Map<String, float[]> weights() {
		Map<String, float[]> weights = new LinkedHashMap<>();
		this.parameters.forEach((name, parameter) -> weights.put(name, parameter.toFloatArray()));
		return weights;
	}

	public void setTrainable(boolean trainable) {
		this.parameters.values().forEach((p) -> p.setRequiresGradient(trainable));
	}

	/**
	 * What the heads say of a batch.
	 *
	 * @param keepLogits [rows, length]: per prompt token
	 * @param ratioLogits [rows, ratios]
	 * @param levelLogits [rows, levels]
	 */
	public record Output(NDArray keepLogits, NDArray ratioLogits, NDArray levelLogits) {
	}

	/**
	 * @param ids int64 [rows, length], prompts right-padded
	 * @param valid float32 [rows, length], 1 for a prompt token, 0 for padding
	 * @param slo int64 [rows, 2], the TTFT and TPOT buckets
	 */
	public Output forward(NDArray ids, NDArray valid, NDArray slo) {
		NDManager step = ids.getManager();
		long rows = ids.getShape().get(0);
		long length = ids.getShape().get(1);
		if (length > this.config.maxLength()) {
			throw new IllegalArgumentException(length + " tokens exceed the tiny model's " + this.config.maxLength());
		}
		NDArray tokens = embed(param("embed"), ids);
		NDArray ttft = embed(param("slo_ttft"), slo.get(":, 0:1"));
		NDArray tpot = embed(param("slo_tpot"), slo.get(":, 1:2"));
		NDArray x = ttft.concat(tpot, 1).concat(tokens, 1).add(param("position").get("0:{}", length + 2));
		// both SLO positions are always there
		NDArray present = step.ones(new Shape(rows, 2)).concat(valid, 1);
		NDArray keyMask = present.sub(1).neg().mul(MASKED).reshape(rows, 1, 1, length + 2);
		if (this.config.attentionBlock() > 0) {
			keyMask = keyMask.add(blockMask(step, Math.toIntExact(length + 2)));
		}
		for (int l = 0; l < this.config.sharedLayers(); l++) {
			x = layer(TinyModelConfig.layerPrefix("shared", l), x, keyMask);
		}
		NDArray score = x;
		NDArray decision = x;
		for (int l = 0; l < this.config.branchLayers(); l++) {
			score = layer(TinyModelConfig.layerPrefix("score", l), score, keyMask);
			decision = layer(TinyModelConfig.layerPrefix("decision", l), decision, keyMask);
		}
		NDArray keep = linear(rmsNorm(score, param("score.norm")), param("score.head"), param("score.bias"));
		keep = keep.get(":, 2:, 0");
		// the SLO tokens, which attend to the whole prompt, are the pooled vector
		NDArray pooled = rmsNorm(decision.get(":, 0:2, :"), param("decision.norm")).mean(new int[] { 1 });
		return new Output(keep, linear(pooled, param("decision.ratio"), param("decision.ratio_bias")),
				linear(pooled, param("decision.level"), param("decision.level_bias")));
	}

	private NDArray layer(String prefix, NDArray x, NDArray keyMask) {
		long rows = x.getShape().get(0);
		long length = x.getShape().get(1);
		int heads = this.config.heads();
		int hd = this.config.headDim();
		NDArray h = rmsNorm(x, param(prefix + "attn_norm"));
		// [rows, L, 3 * hidden] -> [3, rows, heads, L, hd]
		NDArray qkv = linear(h, param(prefix + "qkv"), null).reshape(rows, length, 3, heads, hd)
			.transpose(2, 0, 3, 1, 4);
		NDArray q = qkv.get(0).mul(1 / Math.sqrt(hd));
		NDArray k = qkv.get(1);
		NDArray v = qkv.get(2);
		NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).add(keyMask);
		NDArray context = scores.softmax(-1)
			.matMul(v)
			.transpose(0, 2, 1, 3)
			.reshape(rows, length, this.config.hiddenSize());
		x = x.add(linear(context, param(prefix + "o"), null));
		NDArray up = linear(rmsNorm(x, param(prefix + "ffn_norm")), param(prefix + "up"), null);
		return x.add(linear(up.mul(Activation.sigmoid(up)), param(prefix + "down"), null));
	}

	/**
	 * [1, 1, L, L]: 0 where a query may attend to a key (see
	 * {@link TinyModelConfig#attends}), else masked.
	 */
	private NDArray blockMask(NDManager manager, int length) {
		float[] mask = new float[length * length];
		for (int i = 0; i < length; i++) {
			for (int j = 0; j < length; j++) {
				mask[i * length + j] = this.config.attends(i, j) ? 0 : MASKED;
			}
		}
		return manager.create(mask, new Shape(1, 1, length, length));
	}

	private static NDArray embed(NDArray table, NDArray ids) {
		return ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE).singletonOrThrow();
	}

	private NDArray rmsNorm(NDArray x, NDArray weight) {
		NDArray meanSquare = x.square().mean(new int[] { -1 }, true);
		return x.div(meanSquare.add(this.config.rmsNormEps()).sqrt()).mul(weight);
	}

	private static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
		NDList out = (bias != null) ? Linear.linear(x, weight, bias) : Linear.linear(x, weight);
		return out.singletonOrThrow();
	}

	private NDArray param(String name) {
		return this.parameters.get(name);
	}

	@Override
	public void close() {
		this.manager.close();
	}

}
