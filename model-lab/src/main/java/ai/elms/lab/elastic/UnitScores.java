package ai.elms.lab.elastic;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.elms.engine.pack.Architecture;
import ai.elms.lab.model.Decoder;
import ai.elms.lab.model.Torch;
import ai.elms.lab.training.Objective;
import ai.elms.lab.training.TokenBatch;

/**
 * Importance of every unit of every layer, higher first in the reordering.
 *
 * @param groups per layer, the score of each KV group
 * @param ffn per layer, the score of each FFN neuron
 */
record UnitScores(double[][] groups, double[][] ffn) {

	static UnitScores of(UnitOrder order, Decoder decoder, List<TokenBatch> calibration, long seed, NDManager manager) {
		return switch (order) {
			case TAYLOR -> taylor(decoder, calibration, manager);
			case MAGNITUDE -> magnitude(decoder);
			case RANDOM -> random(decoder.architecture(), seed);
		};
	}

	/**
	 * First-order Taylor importance: |W * dL/dW| with L the mean answer loss over the
	 * calibration batches, summed over the unit's weights.
	 */
	static UnitScores taylor(Decoder decoder, List<TokenBatch> calibration, NDManager manager) {
		long targets = calibration.stream().mapToLong((batch) -> batch.targets().length).sum();
		Map<String, float[]> products = new HashMap<>();
		decoder.setTrainable(true);
		try {
			for (TokenBatch batch : calibration) {
				double weight = batch.targets().length / (double) targets;
				try (NDManager scope = manager.newSubManager()) {
					try (GradientCollector collector = Torch.engine(0).newGradientCollector()) {
						collector.backward(Objective.loss(Objective.logits(decoder, batch, scope), batch));
					}
					for (String name : layerTensors(decoder.architecture())) {
						NDArray parameter = decoder.parameters().get(name);
						NDArray gradient = parameter.getGradient();
						gradient.attach(scope);
						float[] product = parameter.mul(gradient).toFloatArray();
						float[] sum = products.computeIfAbsent(name, (key) -> new float[product.length]);
						for (int i = 0; i < sum.length; i++) {
							sum[i] += (float) (weight * product[i]);
						}
						// PyTorch accumulates gradients over backward passes
						gradient.muli(0);
					}
				}
			}
		}
		finally {
			decoder.setTrainable(false);
		}
		return summed(decoder.architecture(), (name) -> products.get(name), true);
	}

	/** L2 norm of each unit's weights. */
	static UnitScores magnitude(Decoder decoder) {
		UnitScores squares = summed(decoder.architecture(), (name) -> {
			float[] values = decoder.parameters().get(name).toFloatArray();
			for (int i = 0; i < values.length; i++) {
				values[i] *= values[i];
			}
			return values;
		}, false);
		for (double[][] layers : new double[][][] { squares.groups, squares.ffn }) {
			for (double[] layer : layers) {
				for (int u = 0; u < layer.length; u++) {
					layer[u] = Math.sqrt(layer[u]);
				}
			}
		}
		return squares;
	}

	/** Seeded random scores: the order they give is a uniform random permutation. */
	static UnitScores random(Architecture arch, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		double[][] groups = new double[arch.layers()][arch.kvHeads()];
		double[][] ffn = new double[arch.layers()][arch.ffnSize()];
		for (int l = 0; l < arch.layers(); l++) {
			for (int g = 0; g < groups[l].length; g++) {
				groups[l][g] = random.nextDouble();
			}
			for (int n = 0; n < ffn[l].length; n++) {
				ffn[l][n] = random.nextDouble();
			}
		}
		return new UnitScores(groups, ffn);
	}

	/** Units most important first; ties keep the original order. */
	UnitPermutation permutation() {
		return new UnitPermutation(ranked(this.groups), ranked(this.ffn));
	}

	private static int[][] ranked(double[][] scores) {
		int[][] orders = new int[scores.length][];
		for (int l = 0; l < scores.length; l++) {
			double[] layer = scores[l];
			orders[l] = java.util.stream.IntStream.range(0, layer.length)
				.boxed()
				.sorted((a, b) -> Double.compare(layer[b], layer[a]))
				.mapToInt(Integer::intValue)
				.toArray();
		}
		return orders;
	}

	private static UnitScores summed(Architecture arch, java.util.function.Function<String, float[]> values,
			boolean absolute) {
		double[][] groups = new double[arch.layers()][arch.kvHeads()];
		double[][] ffn = new double[arch.layers()][arch.ffnSize()];
		int d = arch.hiddenSize();
		for (int l = 0; l < arch.layers(); l++) {
			for (UnitRows rows : UnitRows.ofGroups(arch, l)) {
				add(values.apply(rows.tensor()), rows.rowsPerUnit() * d, absolute, groups[l]);
			}
			for (UnitRows rows : UnitRows.ofFfn(arch, l)) {
				add(values.apply(rows.tensor()), rows.rowsPerUnit() * d, absolute, ffn[l]);
			}
		}
		return new UnitScores(groups, ffn);
	}

	private static void add(float[] values, int perUnit, boolean absolute, double[] scores) {
		for (int i = 0; i < values.length; i++) {
			scores[i / perUnit] += absolute ? Math.abs(values[i]) : values[i];
		}
	}

	private static List<String> layerTensors(Architecture arch) {
		List<String> names = new java.util.ArrayList<>();
		for (int l = 0; l < arch.layers(); l++) {
			UnitRows.ofGroups(arch, l).forEach((rows) -> names.add(rows.tensor()));
			UnitRows.ofFfn(arch, l).forEach((rows) -> names.add(rows.tensor()));
		}
		return names;
	}

}
