package ai.elms.lab.elastic;

import java.util.Arrays;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.elms.engine.pack.Architecture;
import ai.elms.engine.pack.LevelSpec;
import ai.elms.engine.pack.WeightNames;
import ai.elms.lab.model.Decoder;
import ai.elms.lab.training.Objective;
import ai.elms.lab.training.TokenBatch;

/**
 * Mean answer loss over the calibration batches, of the full decoder or of a sub-model. A
 * sub-model keeps a prefix of each layer's units; the others are silenced by zeroing
 * their output rows ({@code o_proj_t}, {@code down_proj_t}), which gives exactly the
 * engine's prefix model (attention heads and FFN neurons add their outputs
 * independently). With no unit active, a layer is skipped: the residual passes through.
 */
final class CalibrationLoss {

	private final List<TokenBatch> batches;

	private final NDManager manager;

	CalibrationLoss(List<TokenBatch> batches, NDManager manager) {
		this.batches = batches;
		this.manager = manager;
	}

	double full(Decoder decoder) {
		double sum = 0;
		long targets = 0;
		for (TokenBatch batch : this.batches) {
			try (NDManager scope = this.manager.newSubManager()) {
				sum += Objective.loss(Objective.logits(decoder, batch, scope), batch).getFloat()
						* batch.targets().length;
			}
			targets += batch.targets().length;
		}
		return sum / targets;
	}

	double level(Decoder decoder, LevelSpec level) {
		int[] groups = level.kvGroups().stream().mapToInt(Integer::intValue).toArray();
		int[] ffn = level.ffn().stream().mapToInt(Integer::intValue).toArray();
		return active(decoder, groups, ffn);
	}

	double withoutLayer(Decoder decoder, int layer) {
		Architecture arch = decoder.architecture();
		int[] groups = new int[arch.layers()];
		int[] ffn = new int[arch.layers()];
		Arrays.fill(groups, arch.kvHeads());
		Arrays.fill(ffn, arch.ffnSize());
		groups[layer] = 0;
		ffn[layer] = 0;
		return active(decoder, groups, ffn);
	}

	private double active(Decoder decoder, int[] groups, int[] ffn) {
		Architecture arch = decoder.architecture();
		int d = arch.hiddenSize();
		int groupRows = arch.headsPerGroup() * arch.headDim();
		float[][] saved = new float[2 * arch.layers()][];
		try {
			for (int l = 0; l < arch.layers(); l++) {
				saved[2 * l] = silence(decoder.parameters().get(WeightNames.oTransposed(l)), groups[l] * groupRows * d);
				saved[2 * l + 1] = silence(decoder.parameters().get(WeightNames.downTransposed(l)), ffn[l] * d);
			}
			return full(decoder);
		}
		finally {
			for (int l = 0; l < arch.layers(); l++) {
				decoder.parameters().get(WeightNames.oTransposed(l)).set(saved[2 * l]);
				decoder.parameters().get(WeightNames.downTransposed(l)).set(saved[2 * l + 1]);
			}
		}
	}

	/** Zeroes the values from {@code keep} on; returns the values as they were. */
	private static float[] silence(NDArray tensor, int keep) {
		float[] values = tensor.toFloatArray();
		float[] silenced = Arrays.copyOf(values, values.length);
		Arrays.fill(silenced, keep, silenced.length, 0f);
		tensor.set(silenced);
		return values;
	}

}
