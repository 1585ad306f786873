package ai.elms.lab.tlm;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.elms.engine.TinyModel;
import ai.elms.engine.TinyPrediction;
import ai.elms.engine.tlm.TinyModelConfig;
import ai.elms.lab.model.Torch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tiny model model-lab trains computes what the engine runs: the same keep, ratio and
 * level logits through DJL on a padded batch as through the exported ONNX graph on each
 * prompt alone.
 */
class TinyEncoderParityTest {

	static TinyModelConfig config(int sharedLayers, int branchLayers, int attentionBlock) {
		return new TinyModelConfig(24, 3, sharedLayers, branchLayers, 40, 300, 32, 5, List.of(1.0, 0.8, 0.6, 0.4, 0.2),
				9, 1e-5, attentionBlock);
	}

	@TempDir
	Path dir;

	/**
	 * The graph computes the decision branch's last layer for the SLO positions alone,
	 * and attention in blocks as whole-prompt attention under a mask (blocks of 4: the
	 * 9-token prompt in three, the last short, the 3-token one in one short block; of 9:
	 * one whole block). The shipped shape (no shared layer, one layer a branch, blocks)
	 * reuses the work on a system part: the first prompt, its first 8 tokens a system
	 * part, gives the same logits when read afresh and when its two whole blocks were
	 * read before.
	 */
	@ParameterizedTest
	@CsvSource({ "1, 1, 0", "1, 2, 0", "1, 1, 4", "1, 2, 4", "1, 2, 9", "0, 1, 4" })
	void exportedTinyModelGivesTheEncodersLogits(int sharedLayers, int branchLayers, int attentionBlock)
			throws Exception {
		TinyModelConfig config = config(sharedLayers, branchLayers, attentionBlock);
		int[][] prompts = { { 3, 99, 257, 14, 15, 92, 6, 7, 250 }, { 42, 8, 11 } };
		int[][] slo = { { 1, 4 }, { 3, 0 } };
		int length = prompts[0].length;
		float[] keep;
		float[] ratio;
		float[] level;
		try (NDManager manager = Torch.newManager(); TinyEncoder encoder = TinyEncoder.initialize(config, 9, manager)) {
			SplittableRandom random = new SplittableRandom(5);
			encoder.parameters().forEach((name, p) -> {
				float[] values = p.toFloatArray();
				for (int i = 0; i < values.length; i++) {
					values[i] = name.endsWith("norm") ? (float) (0.5 + random.nextDouble())
							: (float) random.nextGaussian() * 0.3f;
				}
				p.set(values);
			});
			long[] ids = new long[2 * length];
			float[] valid = new float[2 * length];
			for (int r = 0; r < 2; r++) {
				for (int t = 0; t < prompts[r].length; t++) {
					ids[r * length + t] = prompts[r][t];
					valid[r * length + t] = 1;
				}
			}
			try (NDManager step = manager.newSubManager()) {
				TinyEncoder.Output out = encoder.forward(step.create(ids, new Shape(2, length)),
						step.create(valid, new Shape(2, length)),
						step.create(new long[] { slo[0][0], slo[0][1], slo[1][0], slo[1][1] }, new Shape(2, 2)));
				keep = out.keepLogits().toFloatArray();
				ratio = out.ratioLogits().toFloatArray();
				level = out.levelLogits().toFloatArray();
			}
			TinyModel.write(this.dir, config, encoder.weights());
		}
		try (TinyModel model = TinyModel.open(this.dir, 1)) {
			for (int r = 0; r < 2; r++) {
				TinyPrediction prediction = model.predict(prompts[r], slo[r][0], slo[r][1]);
				assertClose(prediction, keep, ratio, level, r, length, config);
			}
			for (int read = 0; read < 2; read++) {
				assertClose(model.predict(prompts[0], 8, slo[0][0], slo[0][1]), keep, ratio, level, 0, length, config);
			}
		}
	}

	private static void assertClose(TinyPrediction prediction, float[] keep, float[] ratio, float[] level, int row,
			int length, TinyModelConfig config) {
		assertClose(prediction.keepLogits(), keep, row * length);
		assertClose(prediction.ratioLogits(), ratio, row * config.ratios().size());
		assertClose(prediction.levelLogits(), level, row * config.levels());
	}

	private static void assertClose(float[] actual, float[] expected, int offset) {
		double spread = 0;
		for (int i = 0; i < actual.length; i++) {
			assertThat((double) actual[i]).as("logit %d", i)
				.isCloseTo(expected[offset + i], org.assertj.core.data.Offset.offset(1e-4));
			spread = Math.max(spread, Math.abs(expected[offset + i]));
		}
		assertThat(spread).as("logits large enough to mean something").isGreaterThan(0.1);
	}

}
