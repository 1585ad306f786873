package ai.elms.lab.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.elms.engine.pack.Architecture;
import ai.elms.engine.pack.LevelSpec;
import ai.elms.engine.pack.WeightNames;

/**
 * Low-rank adapters of one level, the published recovery: every projection of the level's
 * sub-model gets {@code scale * B A}, {@code A} random and {@code B} zero at the start,
 * so the adapted level starts as the cut one. The base weights stay as they are.
 */
public final class LowRankAdapters implements AutoCloseable {

	private final NDManager manager;

	private final Map<String, NDArray> parameters;

	private final float scale;

	private LowRankAdapters(NDManager manager, Map<String, NDArray> parameters, float scale) {
		this.manager = manager;
		this.parameters = parameters;
		this.scale = scale;
	}

	/**
	 * Adapters of rank {@code rank} for the projections of a level, scaled by
	 * {@code alpha / rank}.
	 */
	public static LowRankAdapters initialize(Architecture arch, LevelSpec level, int rank, float alpha, long seed,
			NDManager parent) {
		NDManager manager = parent.newSubManager();
		SplittableRandom random = new SplittableRandom(seed);
		Map<String, NDArray> parameters = new LinkedHashMap<>();
		int d = arch.hiddenSize();
		int hd = arch.headDim();
		for (int l = 0; l < arch.layers(); l++) {
			int groups = level.kvGroups().get(l);
			int queryRows = groups * arch.headsPerGroup() * hd;
			int ffn = level.ffn().get(l);
			// projections from the hidden state to a level's units: A [rank, hidden], B
			// [units, rank]
			add(parameters, manager, random, WeightNames.q(l), rank, d, queryRows);
			add(parameters, manager, random, WeightNames.k(l), rank, d, groups * hd);
			add(parameters, manager, random, WeightNames.v(l), rank, d, groups * hd);
			add(parameters, manager, random, WeightNames.gate(l), rank, d, ffn);
			add(parameters, manager, random, WeightNames.up(l), rank, d, ffn);
			// from the units back to the hidden state: A [rank, units], B [hidden, rank]
			add(parameters, manager, random, WeightNames.oTransposed(l), rank, queryRows, d);
			add(parameters, manager, random, WeightNames.downTransposed(l), rank, ffn, d);
		}
		return new LowRankAdapters(manager, parameters, alpha / rank);
	}

	private static void add(Map<String, NDArray> parameters, NDManager manager, SplittableRandom random, String weight,
			int rank, int in, int out) {
		float[] a = new float[rank * in];
		double std = 1 / Math.sqrt(in);
		for (int i = 0; i < a.length; i++) {
			a[i] = (float) (random.nextGaussian() * std);
		}
		parameters.put(weight + ".lora_a", manager.create(a, new Shape(rank, in)));
		parameters.put(weight + ".lora_b", manager.zeros(new Shape(out, rank)));
	}

	/** The adapter parameters, to train. */
	public Map<String, NDArray> parameters() {
		return this.parameters;
	}

	public long parameterCount() {
		return this.parameters.values().stream().mapToLong((p) -> p.getShape().size()).sum();
	}

	/** What the adapter of a weight adds to its projection of {@code x}. */
	NDArray delta(String weight, NDArray x) {
		NDArray a = this.parameters.get(weight + ".lora_a");
		NDArray b = this.parameters.get(weight + ".lora_b");
		NDArray low = Linear.linear(x, a).singletonOrThrow();
		return Linear.linear(low, b).singletonOrThrow().mul(this.scale);
	}

	@Override
	public void close() {
		this.manager.close();
	}

}
