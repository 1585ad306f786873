package ai.elms.engine;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.elms.engine.pack.Architecture;
import ai.elms.engine.pack.LevelSchedule;
import ai.elms.engine.pack.LayerDrop;
import ai.elms.engine.pack.LevelSpec;
import ai.elms.engine.pack.ModelPackage;
import ai.elms.engine.text.ByteLevelVocabulary;
import ai.elms.lab.export.PackageExport;
import ai.elms.lab.model.Decoder;
import ai.elms.lab.model.SpreadWeights;
import ai.elms.lab.model.Torch;
import ai.elms.lab.tokenizer.TokenizerCommand;
import ai.onnxruntime.OrtEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The decoder that model-lab trains computes the function the engine serves: same logits
 * through DJL and through the exported package's level graph in ONNX Runtime. In package
 * {@code ai.elms.engine} to read the engine's per-step logits.
 */
class DecoderParityTest {

	/** GQA with two query heads per KV group, untied head, a long RoPE base. */
	static final Architecture TINY = new Architecture(48, 2, 4, 2, 12, 80, 300, 64, 500.0, 1e-5, false);

	@TempDir
	Path dir;

	@Test
	void exportedPackageGivesTheDecodersLogitsOnPromptAndDecodeSteps() throws Exception {
		int[] tokens = { 257, 10, 104, 101, 108, 108, 111, 256, 10, 259, 10, 72, 299, 3, 200, 258 };
		int prompt = 11;
		float[] expected;
		Path pack = this.dir.resolve("pack");
		Path tokenizer = this.dir.resolve("tokenizer.json");
		ByteLevelVocabulary.filled(TokenizerCommand.SPECIAL_TOKENS, TINY.vocabSize()).write(tokenizer);
		try (NDManager manager = Torch.newManager(); Decoder decoder = Decoder.initialize(TINY, 3, manager)) {
			SpreadWeights.spread(decoder);
			Path weights = this.dir.resolve("weights.safetensors");
			decoder.write(weights);
			PackageExport.write(TINY, "parity", weights, tokenizer, pack);
			try (NDManager step = manager.newSubManager()) {
				long[] ids = new long[tokens.length];
				for (int i = 0; i < ids.length; i++) {
					ids[i] = tokens[i];
				}
				NDArray input = step.create(ids, new Shape(1, ids.length));
				expected = decoder.logits(decoder.hidden(input)).toFloatArray();
			}
		}

		ModelPackage opened = ModelPackage.open(pack);
		List<LevelSpec> levels = opened.manifest().levels();
		assertThat(levels).hasSize(9);
		LevelSpec full = levels.get(levels.size() - 1);
		int vocab = TINY.vocabSize();
		OrtEnvironment env = OrtRuntime.environment(1);
		Path graphs = Files.createDirectories(this.dir.resolve("graphs"));
		try (LevelSession all = LevelSession.open(env, opened, null, full, graphs, 1, true);
				LevelSession last = LevelSession.open(env, opened, null, full, graphs, 1, false);
				LevelSession.Cache prefill = all.newCache();
				LevelSession.Cache decode = last.newCache()) {
			FloatBuffer everyPosition = prefill.step(tokens, 0, prompt);
			for (int position = 0; position < prompt; position++) {
				assertClose(everyPosition, position * vocab, expected, position * vocab, vocab);
			}
			assertClose(decode.step(tokens, 0, prompt), 0, expected, (prompt - 1) * vocab, vocab);
			for (int position = prompt; position < tokens.length; position++) {
				assertClose(decode.step(tokens, position, position + 1), 0, expected, position * vocab, vocab);
			}
		}
	}

	@Test
	void everyLevelOfTheDecoderGivesTheEnginesLevelLogits() throws Exception {
		int[] tokens = { 257, 10, 104, 101, 108, 108, 111, 256, 10, 259, 10, 72 };
		Path pack = this.dir.resolve("pack");
		Path tokenizer = this.dir.resolve("tokenizer.json");
		ByteLevelVocabulary.filled(TokenizerCommand.SPECIAL_TOKENS, TINY.vocabSize()).write(tokenizer);
		int vocab = TINY.vocabSize();
		OrtEnvironment env = OrtRuntime.environment(1);
		Path graphs = Files.createDirectories(this.dir.resolve("graphs"));
		try (NDManager manager = Torch.newManager(); Decoder decoder = Decoder.initialize(TINY, 5, manager)) {
			SpreadWeights.spread(decoder);
			Path weights = this.dir.resolve("weights.safetensors");
			decoder.write(weights);
			// an anchor layer keeps its full width at every level
			List<LevelSpec> levels = LevelSchedule.uniform(TINY, List.of(1), LevelSchedule.SHARES);
			// and the baselines skip whole layers or attention blocks
			PackageExport.write(TINY, "parity", weights, tokenizer, pack, List.of(1), levels, Map.of(LayerDrop.LAYERS,
					LayerDrop.layers(TINY, List.of(0)), LayerDrop.ATTENTION, LayerDrop.attention(TINY, List.of(1))));
			ModelPackage opened = ModelPackage.open(pack);
			List<LevelSpec> all = new ArrayList<>(opened.manifest().levels());
			opened.manifest().baselines().values().forEach(all::addAll);
			assertThat(all).hasSize(LevelSchedule.SHARES.size() + 4);
			for (LevelSpec level : all) {
				float[] expected;
				try (NDManager step = manager.newSubManager()) {
					long[] ids = java.util.Arrays.stream(tokens).asLongStream().toArray();
					NDArray input = step.create(ids, new Shape(1, ids.length));
					expected = decoder.logits(decoder.hidden(input, level)).toFloatArray();
				}
				try (LevelSession session = LevelSession.open(env, opened, null, level, graphs, 1, true);
						LevelSession.Cache cache = session.newCache()) {
					FloatBuffer logits = cache.step(tokens, 0, tokens.length);
					for (int position = 0; position < tokens.length; position++) {
						assertClose(logits, position * vocab, expected, position * vocab, vocab);
					}
				}
			}
		}
	}

	static void assertClose(FloatBuffer actual, int actualOffset, float[] expected, int expectedOffset, int count) {
		double spread = 0;
		for (int i = 0; i < count; i++) {
			assertThat((double) actual.get(actualOffset + i)).as("logit %d", i)
				.isCloseTo(expected[expectedOffset + i], org.assertj.core.data.Offset.offset(1e-4));
			spread = Math.max(spread, Math.abs(expected[expectedOffset + i]));
		}
		assertThat(spread).as("logits large enough to mean something").isGreaterThan(0.5);
	}

}
