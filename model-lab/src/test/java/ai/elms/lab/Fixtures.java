package ai.elms.lab;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import ai.elms.engine.TinyModel;
import ai.elms.engine.tlm.SloBuckets;
import ai.elms.engine.tlm.TinyModelConfig;
import ai.elms.lab.corpus.CorpusSources;

/**
 * The corpora of the tests: files cut from the Debian packages by
 * {@code scripts/make-test-fixtures.py}, laid out as the packages install them.
 */
public final class Fixtures {

	private Fixtures() {
	}

	public static CorpusSources sources() {
		try {
			return new CorpusSources(Path.of(Fixtures.class.getResource("/debian").toURI()));
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Writes an untrained tiny model (seeded weights) whose score head ranks prompts of
	 * up to {@code maxLength} tokens, with the ratios 1, 0.5 and 0.25.
	 */
	public static void tinyModel(Path dir, int vocabSize, int maxLength) throws IOException {
		TinyModelConfig config = new TinyModelConfig(16, 2, 0, 1, 32, vocabSize, maxLength, SloBuckets.COUNT,
				List.of(1.0, 0.5, 0.25), 9, 1e-5);
		SplittableRandom random = new SplittableRandom(7);
		Map<String, float[]> weights = new LinkedHashMap<>();
		config.shapes().forEach((name, shape) -> {
			long size = 1;
			for (long dim : shape) {
				size *= dim;
			}
			float[] values = new float[(int) size];
			for (int i = 0; i < values.length; i++) {
				values[i] = (float) (random.nextDouble() - 0.5) * 0.2f;
			}
			weights.put(name, values);
		});
		TinyModel.write(dir, config, weights);
	}

}
