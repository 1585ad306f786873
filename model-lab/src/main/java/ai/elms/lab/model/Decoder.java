package ai.elms.lab.model;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.elms.engine.pack.Architecture;
import ai.elms.engine.pack.LevelSpec;
import ai.elms.engine.pack.SafeTensors;
import ai.elms.engine.pack.WeightNames;

/**
 * The decoder the engine runs ({@code LevelGraph}), as DJL NDArrays on PyTorch: RMSNorm
 * {@code x / sqrt(mean(x^2) + eps) * w}, rotate-half rotary embedding, grouped-query
 * causal attention with query heads ordered by KV group, SwiGLU, float32. Its parameters
 * carry the package's tensor names and layout (one row per unit; {@code o_proj_t} and
 * {@code down_proj_t} transposed), so a checkpoint's weights file is a package's weights
 * file.
 *
 * <p>
 * Every result of a forward pass belongs to the manager of the token ids passed in: close
 * that manager after each step. The parameters belong to this decoder.
 */
public final class Decoder implements AutoCloseable {

	private static final float INIT_STD = 0.02f;

	/** What the engine adds to the score of a future position. */
	private static final float MASKED = -1e9f;

	private final Architecture arch;

	private final NDManager manager;

	private final Map<String, NDArray> parameters;

	private final float[] cos;

	private final float[] sin;

	/** Adapters of a level added to its projections, or null. */
	private LowRankAdapters adapters;

	private Decoder(Architecture arch, NDManager manager, Map<String, NDArray> parameters) {
		this.arch = arch;
		this.manager = manager;
		this.parameters = Collections.unmodifiableMap(parameters);
		int hd = arch.headDim();
		int half = hd / 2;
		this.cos = new float[arch.contextLength() * hd];
		this.sin = new float[arch.contextLength() * hd];
		for (int p = 0; p < arch.contextLength(); p++) {
			for (int i = 0; i < half; i++) {
				// the engine's table: angle in double, rounded to float, both halves
				// alike
				double angle = p * Math.pow(arch.ropeTheta(), -2.0 * i / hd);
				float c = (float) Math.cos(angle);
				float s = (float) Math.sin(angle);
				this.cos[p * hd + i] = c;
				this.cos[p * hd + half + i] = c;
				this.sin[p * hd + i] = s;
				this.sin[p * hd + half + i] = s;
			}
		}
	}

	/**
	 * A new decoder with seeded random weights: normal with standard deviation 0.02, the
	 * residual projections ({@code o_proj_t}, {@code down_proj_t}) scaled down by
	 * {@code sqrt(2 * layers)} as in GPT-2, norms at one.
	 */
	public static Decoder initialize(Architecture arch, long seed, NDManager parent) {
		NDManager manager = parent.newSubManager();
		SplittableRandom root = new SplittableRandom(seed);
		float residualStd = (float) (INIT_STD / Math.sqrt(2.0 * arch.layers()));
		Map<String, NDArray> parameters = new LinkedHashMap<>();
		for (Map.Entry<String, long[]> entry : shapes(arch).entrySet()) {
			String name = entry.getKey();
			long[] shape = entry.getValue();
			float[] values = new float[Math.toIntExact(new Shape(shape).size())];
			if (shape.length == 1) {
				Arrays.fill(values, 1f);
			}
			else {
				float std = (name.endsWith("o_proj_t.weight") || name.endsWith("down_proj_t.weight")) ? residualStd
						: INIT_STD;
				SplittableRandom random = root.split();
				for (int i = 0; i < values.length; i++) {
					values[i] = (float) random.nextGaussian() * std;
				}
			}
			parameters.put(name, manager.create(values, new Shape(shape)));
		}
		return new Decoder(arch, manager, parameters);
	}

	/** A decoder with the weights of a package or checkpoint weights file. */
	public static Decoder load(Architecture arch, Path weightsFile, NDManager parent) throws IOException {
		Map<String, SafeTensors.Tensor> tensors = SafeTensors.map(weightsFile);
		NDManager manager = parent.newSubManager();
		Map<String, NDArray> parameters = new LinkedHashMap<>();
		for (Map.Entry<String, long[]> entry : shapes(arch).entrySet()) {
			SafeTensors.Tensor tensor = tensors.get(entry.getKey());
			if (tensor == null || !Arrays.equals(tensor.shape(), entry.getValue())) {
				manager.close();
				throw new IOException(weightsFile + " has no tensor " + entry.getKey() + " of shape "
						+ Arrays.toString(entry.getValue()));
			}
			FloatBuffer data = tensor.data().duplicate();
			float[] values = new float[data.remaining()];
			data.get(values);
			parameters.put(entry.getKey(), manager.create(values, new Shape(entry.getValue())));
		}
		return new Decoder(arch, manager, parameters);
	}

	/** Tensor names and shapes in the order a package stores them. */
	public static Map<String, long[]> shapes(Architecture arch) {
		int d = arch.hiddenSize();
		long q = (long) arch.heads() * arch.headDim();
		long kv = (long) arch.kvHeads() * arch.headDim();
		Map<String, long[]> shapes = new LinkedHashMap<>();
		shapes.put(WeightNames.EMBED, new long[] { arch.vocabSize(), d });
		for (int l = 0; l < arch.layers(); l++) {
			shapes.put(WeightNames.attnNorm(l), new long[] { d });
			shapes.put(WeightNames.q(l), new long[] { q, d });
			shapes.put(WeightNames.k(l), new long[] { kv, d });
			shapes.put(WeightNames.v(l), new long[] { kv, d });
			shapes.put(WeightNames.oTransposed(l), new long[] { q, d });
			shapes.put(WeightNames.ffnNorm(l), new long[] { d });
			shapes.put(WeightNames.gate(l), new long[] { arch.ffnSize(), d });
			shapes.put(WeightNames.up(l), new long[] { arch.ffnSize(), d });
			shapes.put(WeightNames.downTransposed(l), new long[] { arch.ffnSize(), d });
		}
		shapes.put(WeightNames.FINAL_NORM, new long[] { d });
		if (!arch.tieEmbeddings()) {
			shapes.put(WeightNames.LM_HEAD, new long[] { arch.vocabSize(), d });
		}
		return shapes;
	}

	public Architecture architecture() {
		return this.arch;
	}

	/** The parameters by tensor name, in package order. */
	public Map<String, NDArray> parameters() {
		return this.parameters;
	}

	public long parameterCount() {
		return this.parameters.values().stream().mapToLong((p) -> p.getShape().size()).sum();
	}

	/**
	 * Adds adapters to the projections of later forward passes (of their level), or
	 * removes them with null.
	 */
	public void attach(LowRankAdapters adapters) {
		this.adapters = adapters;
	}

	/** Whether backward passes compute gradients of the parameters. */
	public void setTrainable(boolean trainable) {
		this.parameters.values().forEach((p) -> p.setRequiresGradient(trainable));
	}

	/**
	 * The final hidden states (after the last RMSNorm) of sequences that start at
	 * position 0.
	 * @param ids token ids, int64 [rows, length]; right padding is harmless under the
	 * causal mask
	 * @return float32 [rows, length, hidden]
	 */
	public NDArray hidden(NDArray ids) {
		return hidden(ids, null);
	}

	/**
	 * The final hidden states of a level: each layer keeps the first KV groups and FFN
	 * neurons the level gives it (the engine's prefix model); a layer with none of either
	 * passes its input on. Gradients reach only the kept rows.
	 * @param level the level, or null for the full model
	 */
	public NDArray hidden(NDArray ids, LevelSpec level) {
		return hiddenOf(embed(ids), level);
	}

	/** The token embeddings of ids [rows, length]: [rows, length, hidden]. */
	public NDArray embed(NDArray ids) {
		return ids.getNDArrayInternal().embedding(ids, param(WeightNames.EMBED), SparseFormat.DENSE).singletonOrThrow();
	}

	/**
	 * The final hidden states of a level over token embeddings [rows, length, hidden] (of
	 * {@link #embed}), so that a gradient can reach each position's embedding.
	 * @param level the level, or null for the full model
	 */
	public NDArray hiddenOf(NDArray embeddings, LevelSpec level) {
		NDManager step = embeddings.getManager();
		int rows = Math.toIntExact(embeddings.getShape().get(0));
		int length = Math.toIntExact(embeddings.getShape().get(1));
		if (length > this.arch.contextLength()) {
			throw new IllegalArgumentException(
					length + " tokens exceed the context length of " + this.arch.contextLength());
		}
		int hd = this.arch.headDim();
		NDArray cosines = step.create(FloatBuffer.wrap(this.cos, 0, length * hd), new Shape(length, hd));
		NDArray sines = step.create(FloatBuffer.wrap(this.sin, 0, length * hd), new Shape(length, hd));
		NDArray mask = step.create(causalMask(length), new Shape(length, length));
		NDArray x = embeddings;
		for (int l = 0; l < this.arch.layers(); l++) {
			int groups = (level != null) ? level.kvGroups().get(l) : this.arch.kvHeads();
			int ffn = (level != null) ? level.ffn().get(l) : this.arch.ffnSize();
			x = layer(l, x, rows, length, cosines, sines, mask, groups, ffn);
		}
		return rmsNorm(x, param(WeightNames.FINAL_NORM));
	}

	/** Logits over the vocabulary of hidden states [..., hidden]: [..., vocab]. */
	public NDArray logits(NDArray hidden) {
		return linear(hidden, param(this.arch.tieEmbeddings() ? WeightNames.EMBED : WeightNames.LM_HEAD));
	}

	private NDArray layer(int l, NDArray x, int rows, int length, NDArray cosines, NDArray sines, NDArray mask,
			int groups, int ffn) {
		if (groups > 0) {
			x = x.add(attention(l, x, rows, length, cosines, sines, mask, groups));
		}
		if (ffn > 0) {
			x = x.add(feedForward(l, x, ffn));
		}
		return x;
	}

	private NDArray feedForward(int l, NDArray x, int ffn) {
		NDArray f = rmsNorm(x, param(WeightNames.ffnNorm(l)));
		NDArray gate = project(f, WeightNames.gate(l), ffn);
		NDArray up = project(f, WeightNames.up(l), ffn);
		NDArray act = gate.mul(Activation.sigmoid(gate)).mul(up);
		return projectBack(act, WeightNames.downTransposed(l), ffn);
	}

	/**
	 * The full model's residual stream over ids [rows, length]: the embeddings, then the
	 * state after each layer's attention block and after its feed-forward block, 2 x
	 * layers + 1 arrays [rows, length, hidden] (what the layer-drop baselines measure
	 * each block's influence by).
	 */
	public List<NDArray> residualStream(NDArray ids) {
		NDManager step = ids.getManager();
		int rows = Math.toIntExact(ids.getShape().get(0));
		int length = Math.toIntExact(ids.getShape().get(1));
		int hd = this.arch.headDim();
		NDArray cosines = step.create(FloatBuffer.wrap(this.cos, 0, length * hd), new Shape(length, hd));
		NDArray sines = step.create(FloatBuffer.wrap(this.sin, 0, length * hd), new Shape(length, hd));
		NDArray mask = step.create(causalMask(length), new Shape(length, length));
		List<NDArray> states = new ArrayList<>();
		NDArray x = embed(ids);
		states.add(x);
		for (int l = 0; l < this.arch.layers(); l++) {
			x = x.add(attention(l, x, rows, length, cosines, sines, mask, this.arch.kvHeads()));
			states.add(x);
			x = x.add(feedForward(l, x, this.arch.ffnSize()));
			states.add(x);
		}
		return states;
	}

	/** The attention output of the first {@code groups} KV groups of a layer. */
	private NDArray attention(int l, NDArray x, int rows, int length, NDArray cosines, NDArray sines, NDArray mask,
			int groups) {
		int hd = this.arch.headDim();
		int perGroup = this.arch.headsPerGroup();
		int queryRows = groups * perGroup * hd;
		NDArray h = rmsNorm(x, param(WeightNames.attnNorm(l)));
		// [rows, length, units * hd] -> [rows, groups, (heads of the group,) length, hd]
		NDArray q = project(h, WeightNames.q(l), queryRows).reshape(rows, length, groups, perGroup, hd)
			.transpose(0, 2, 3, 1, 4);
		NDArray k = project(h, WeightNames.k(l), groups * hd).reshape(rows, length, groups, hd).transpose(0, 2, 1, 3);
		NDArray v = project(h, WeightNames.v(l), groups * hd).reshape(rows, length, groups, hd).transpose(0, 2, 1, 3);
		q = rotate(q, cosines, sines).mul(1 / Math.sqrt(hd));
		k = rotate(k, cosines, sines);
		// a KV group's query heads attend together: [rows, groups, heads * length, hd]
		NDArray scores = q.reshape(rows, groups, (long) perGroup * length, hd)
			.matMul(k.transpose(0, 1, 3, 2))
			.reshape(rows, groups, perGroup, length, length)
			.add(mask);
		NDArray context = scores.softmax(-1)
			.reshape(rows, groups, (long) perGroup * length, length)
			.matMul(v)
			.reshape(rows, groups, perGroup, length, hd)
			.transpose(0, 3, 1, 2, 4)
			.reshape(rows, length, (long) queryRows);
		return projectBack(context, WeightNames.oTransposed(l), queryRows);
	}

	/** x times the transpose of the first rows of a [units, hidden] weight. */
	private NDArray project(NDArray x, String weight, int units) {
		NDArray y = linear(x, rows(weight, units));
		return (this.adapters != null) ? y.add(this.adapters.delta(weight, x)) : y;
	}

	/** x [..., units] times the first rows of a transposed [units, hidden] weight. */
	private NDArray projectBack(NDArray x, String weight, int units) {
		NDArray y = x.matMul(rows(weight, units));
		return (this.adapters != null) ? y.add(this.adapters.delta(weight, x)) : y;
	}

	/** The first rows of a parameter: a view, so gradients reach only them. */
	private NDArray rows(String name, int count) {
		NDArray parameter = param(name);
		return (count == parameter.getShape().get(0)) ? parameter : parameter.get("0:{}", count);
	}

	/** x * cos + rotate_half(x) * sin over the last axis, positions on the one before. */
	private static NDArray rotate(NDArray x, NDArray cosines, NDArray sines) {
		int last = x.getShape().dimension() - 1;
		NDList halves = x.split(2, last);
		NDArray rotated = halves.get(1).neg().concat(halves.get(0), last);
		return x.mul(cosines).add(rotated.mul(sines));
	}

	private NDArray rmsNorm(NDArray x, NDArray weight) {
		NDArray meanSquare = x.square().mean(new int[] { -1 }, true);
		return x.div(meanSquare.add(this.arch.rmsNormEps()).sqrt()).mul(weight);
	}

	/** x [..., hidden] times the transpose of a [units, hidden] weight. */
	private static NDArray linear(NDArray x, NDArray weight) {
		return Linear.linear(x, weight).singletonOrThrow();
	}

	private static float[] causalMask(int length) {
		float[] mask = new float[length * length];
		for (int query = 0; query < length; query++) {
			for (int key = query + 1; key < length; key++) {
				mask[query * length + key] = MASKED;
			}
		}
		return mask;
	}

	private NDArray param(String name) {
		return this.parameters.get(name);
	}

	/** The parameters as safetensors entries, in package order. */
	public List<SafeTensors.Entry> tensors() {
		List<SafeTensors.Entry> entries = new ArrayList<>();
		for (Map.Entry<String, NDArray> parameter : this.parameters.entrySet()) {
			NDArray array = parameter.getValue();
			entries.add(new SafeTensors.Entry(parameter.getKey(), array.getShape().getShape(),
					() -> FloatBuffer.wrap(array.toFloatArray())));
		}
		return entries;
	}

	/** Writes the weights in the package's weights format. */
	public void write(Path weightsFile) throws IOException {
		SafeTensors.write(weightsFile, tensors());
	}

	@Override
	public void close() {
		this.manager.close();
	}

}
