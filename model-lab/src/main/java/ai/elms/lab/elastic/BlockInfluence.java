package ai.elms.lab.elastic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.elms.lab.model.Decoder;
import ai.elms.lab.training.TokenBatch;

/**
 * How much each block changes the residual stream, ShortGPT's block influence: one minus
 * the mean cosine similarity between a block's input and output, here at the calibration
 * answers' predicting positions. A whole layer's and its attention block's, for the
 * layer-drop and attention-drop baselines; the least influential go first.
 *
 * @param layers per layer, the influence of the whole layer
 * @param attention per layer, the influence of its attention block
 */
public record BlockInfluence(List<Double> layers, List<Double> attention) {

	public BlockInfluence {
		layers = List.copyOf(layers);
		attention = List.copyOf(attention);
	}

	public static BlockInfluence measure(Decoder decoder, List<TokenBatch> batches, NDManager manager) {
		int count = decoder.architecture().layers();
		double[] layer = new double[count];
		double[] attention = new double[count];
		long positions = 0;
		int hidden = decoder.architecture().hiddenSize();
		for (TokenBatch batch : batches) {
			try (NDManager scope = manager.newSubManager()) {
				NDArray ids = scope.create(batch.ids(), new Shape(batch.rows(), batch.length()));
				NDArray at = scope.create(batch.positions());
				List<NDArray> states = new ArrayList<>();
				for (NDArray state : decoder.residualStream(ids)) {
					NDArray flat = state.reshape(-1, hidden);
					states.add(at.getNDArrayInternal().embedding(at, flat, SparseFormat.DENSE).singletonOrThrow());
				}
				for (int l = 0; l < count; l++) {
					layer[l] += cosineSum(states.get(2 * l), states.get(2 * l + 2));
					attention[l] += cosineSum(states.get(2 * l), states.get(2 * l + 1));
				}
				positions += batch.positions().length;
			}
		}
		List<Double> layers = new ArrayList<>();
		List<Double> attentions = new ArrayList<>();
		for (int l = 0; l < count; l++) {
			layers.add(1 - layer[l] / positions);
			attentions.add(1 - attention[l] / positions);
		}
		return new BlockInfluence(layers, attentions);
	}

	/** Layers to drop whole, least influential first, all but the most influential. */
	public List<Integer> layerDropOrder() {
		return order(this.layers);
	}

	/**
	 * Attention blocks to drop, least influential first, all but the most influential.
	 */
	public List<Integer> attentionDropOrder() {
		return order(this.attention);
	}

	private static List<Integer> order(List<Double> influence) {
		return IntStream.range(0, influence.size())
			.boxed()
			.sorted(Comparator.comparingDouble(influence::get))
			.limit(influence.size() - 1)
			.toList();
	}

	private static double cosineSum(NDArray a, NDArray b) {
		NDArray dot = a.mul(b).sum(new int[] { 1 });
		NDArray norms = a.norm(new int[] { 1 }).mul(b.norm(new int[] { 1 })).add(1e-12f);
		return dot.div(norms).sum().getFloat();
	}

}
