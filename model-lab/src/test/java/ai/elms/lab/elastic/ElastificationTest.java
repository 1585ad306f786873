package ai.elms.lab.elastic;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDManager;
import ai.elms.engine.pack.Architecture;
import ai.elms.engine.pack.LevelSpec;
import ai.elms.lab.model.Decoder;
import ai.elms.lab.model.SpreadWeights;
import ai.elms.lab.model.Torch;
import ai.elms.lab.training.TokenBatch;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ElastificationTest {

	/**
	 * Four layers, GQA with two query heads per group, FFN wide enough for aligned
	 * levels.
	 */
	static final Architecture TINY = new Architecture(32, 4, 4, 2, 8, 64, 300, 64, 10000.0, 1e-5, false);

	@Test
	void reorderingKeepsTheFullModelsLogits() {
		try (NDManager manager = Torch.newManager();
				Decoder decoder = SpreadWeights.spread(Decoder.initialize(TINY, 3, manager))) {
			List<TokenBatch> calibration = calibration(2);
			float[] before = Elastification.logits(decoder, calibration.get(1), manager);
			ElasticLayout layout = Elastification.apply(decoder, calibration, UnitOrder.TAYLOR, 1, 5, manager);
			float[] after = Elastification.logits(decoder, calibration.get(1), manager);
			assertThat(layout.maxLogitDifference()).isLessThan(1e-4);
			for (int i = 0; i < before.length; i++) {
				assertThat((double) after[i]).isCloseTo(before[i], org.assertj.core.data.Offset.offset(1e-4));
			}
		}
	}

	@Test
	void levelsArePrefixesThatGrowAndKeepTheAnchorsWhole() {
		try (NDManager manager = Torch.newManager();
				Decoder decoder = SpreadWeights.spread(Decoder.initialize(TINY, 3, manager))) {
			ElasticLayout layout = Elastification.apply(decoder, calibration(2), UnitOrder.TAYLOR,
					AnchorLayers.defaultCount(TINY.layers()), 5, manager);
			assertThat(layout.anchorLayers()).hasSize(1);
			assertThat(layout.levels()).hasSize(9);
			int anchor = layout.anchorLayers().get(0);
			double[] without = layout.lossWithoutLayer().stream().mapToDouble(Double::doubleValue).toArray();
			for (double loss : without) {
				assertThat(without[anchor]).isGreaterThanOrEqualTo(loss);
			}
			LevelSpec previous = null;
			for (LevelSpec level : layout.levels()) {
				assertThat(level.kvGroups().get(anchor)).isEqualTo(TINY.kvHeads());
				assertThat(level.ffn().get(anchor)).isEqualTo(TINY.ffnSize());
				if (previous != null) {
					for (int l = 0; l < TINY.layers(); l++) {
						assertThat(level.kvGroups().get(l)).isGreaterThanOrEqualTo(previous.kvGroups().get(l));
						assertThat(level.ffn().get(l)).isGreaterThanOrEqualTo(previous.ffn().get(l));
					}
				}
				previous = level;
			}
			LevelSpec full = layout.levels().get(8);
			assertThat(full.kvGroups()).containsOnly(TINY.kvHeads());
			assertThat(full.ffn()).containsOnly(TINY.ffnSize());
		}
	}

	@Test
	void taylorImportanceIsDeterministicAndRanksUnitsByScore() {
		try (NDManager manager = Torch.newManager();
				Decoder decoder = SpreadWeights.spread(Decoder.initialize(TINY, 3, manager))) {
			UnitScores first = UnitScores.taylor(decoder, calibration(2), manager);
			UnitScores second = UnitScores.taylor(decoder, calibration(2), manager);
			assertThat(second.groups()).isDeepEqualTo(first.groups());
			assertThat(second.ffn()).isDeepEqualTo(first.ffn());
			int[] order = first.permutation().ffn()[0];
			for (int i = 1; i < order.length; i++) {
				assertThat(first.ffn()[0][order[i]]).isLessThanOrEqualTo(first.ffn()[0][order[i - 1]]);
			}
			assertThat(first.ffn()[0][order[0]]).isGreaterThan(0);
		}
	}

	@Test
	void levelLossOfEachOrderingIsReported() {
		for (UnitOrder order : UnitOrder.values()) {
			try (NDManager manager = Torch.newManager();
					Decoder decoder = SpreadWeights.spread(Decoder.initialize(TINY, 3, manager))) {
				ElasticLayout layout = Elastification.apply(decoder, calibration(2), order, 1, 5, manager);
				System.out.print(ElasticizeCommand.report(layout));
				assertThat(layout.levelLoss()).hasSize(9).allMatch(Double::isFinite);
			}
		}
	}

	/** Rows of random tokens whose second half is the "answer". */
	static List<TokenBatch> calibration(int batches) {
		List<TokenBatch> list = new ArrayList<>();
		for (int b = 0; b < batches; b++) {
			SplittableRandom random = new SplittableRandom(b);
			int rows = 3;
			int length = 16;
			long[] ids = new long[rows * length];
			for (int i = 0; i < ids.length; i++) {
				ids[i] = random.nextInt(TINY.vocabSize());
			}
			int answer = length / 2;
			long[] positions = new long[rows * answer];
			long[] targets = new long[positions.length];
			int[] answers = new int[positions.length];
			int n = 0;
			for (int r = 0; r < rows; r++) {
				for (int t = answer; t < length; t++) {
					positions[n] = (long) r * length + t - 1;
					targets[n] = ids[r * length + t];
					answers[n++] = r;
				}
			}
			list.add(new TokenBatch(rows, length, ids, positions, targets, answers, ids.length));
		}
		return list;
	}

}
