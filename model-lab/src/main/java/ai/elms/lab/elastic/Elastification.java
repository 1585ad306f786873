package ai.elms.lab.elastic;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.elms.engine.pack.LevelSchedule;
import ai.elms.engine.pack.LevelSpec;
import ai.elms.lab.model.Decoder;
import ai.elms.lab.training.TokenBatch;

/**
 * The published one-shot elastification of a decoder: rank every layer's units, choose
 * the anchor layers by loss on removal, reorder the units most important first (the
 * decoder's function does not change, checked on the calibration rows), and cut the nine
 * levels as prefixes.
 */
public final class Elastification {

	private Elastification() {
	}

	/**
	 * Reorders the decoder's units in place.
	 * @param anchors how many anchor layers
	 * @param seed the seed of the random order
	 */
	public static ElasticLayout apply(Decoder decoder, List<TokenBatch> calibration, UnitOrder order, int anchors,
			long seed, NDManager manager) {
		CalibrationLoss loss = new CalibrationLoss(calibration, manager);
		double[] lossWithout = AnchorLayers.lossWithout(decoder, loss);
		List<Integer> anchorLayers = AnchorLayers.choose(lossWithout, anchors);
		UnitPermutation permutation = UnitScores.of(order, decoder, calibration, seed, manager).permutation();
		TokenBatch probe = calibration.get(0);
		float[] before = logits(decoder, probe, manager);
		permutation.apply(decoder);
		float[] after = logits(decoder, probe, manager);
		double difference = 0;
		for (int i = 0; i < before.length; i++) {
			difference = Math.max(difference, Math.abs(before[i] - after[i]));
		}
		List<LevelSpec> levels = LevelSchedule.uniform(decoder.architecture(), anchorLayers, LevelSchedule.SHARES);
		List<Double> levelLoss = new ArrayList<>();
		for (LevelSpec level : levels) {
			levelLoss.add(loss.level(decoder, level));
		}
		List<Double> without = new ArrayList<>();
		for (double value : lossWithout) {
			without.add(value);
		}
		return new ElasticLayout(order, anchorLayers, levels, without, levelLoss, difference);
	}

	/** Logits at every position of a batch's rows. */
	public static float[] logits(Decoder decoder, TokenBatch batch, NDManager manager) {
		try (NDManager scope = manager.newSubManager()) {
			NDArray ids = scope.create(batch.ids(), new Shape(batch.rows(), batch.length()));
			return decoder.logits(decoder.hidden(ids)).toFloatArray();
		}
	}

}
