package ai.elms.lab.elastic;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import ai.djl.ndarray.NDManager;
import ai.elms.engine.pack.Architecture;
import ai.elms.engine.pack.LevelSpec;
import ai.elms.lab.model.Decoder;
import ai.elms.lab.training.Objective;
import ai.elms.lab.training.TokenBatch;

/**
 * Mean answer loss over the calibration batches, of the full decoder or of a sub-model. A
 * sub-model keeps a prefix of each layer's units, exactly the engine's prefix model; with
 * no unit active, a layer is skipped and the residual passes through.
 */
final class CalibrationLoss {

	private final List<TokenBatch> batches;

	private final NDManager manager;

	CalibrationLoss(List<TokenBatch> batches, NDManager manager) {
		this.batches = batches;
		this.manager = manager;
	}

	double full(Decoder decoder) {
		return of(decoder, null);
	}

	double level(Decoder decoder, LevelSpec level) {
		return of(decoder, level);
	}

	double withoutLayer(Decoder decoder, int layer) {
		Architecture arch = decoder.architecture();
		List<Integer> groups = new ArrayList<>(Collections.nCopies(arch.layers(), arch.kvHeads()));
		List<Integer> ffn = new ArrayList<>(Collections.nCopies(arch.layers(), arch.ffnSize()));
		groups.set(layer, 0);
		ffn.set(layer, 0);
		return of(decoder, new LevelSpec(1.0, groups, ffn));
	}

	private double of(Decoder decoder, LevelSpec level) {
		double sum = 0;
		long targets = 0;
		for (TokenBatch batch : this.batches) {
			try (NDManager scope = this.manager.newSubManager()) {
				sum += Objective.loss(Objective.logits(decoder, level, batch, scope), batch).getFloat()
						* batch.targets().length;
			}
			targets += batch.targets().length;
		}
		return sum / targets;
	}

}
