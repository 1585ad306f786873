package ai.elms.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ai.djl.ndarray.NDManager;
import ai.elms.engine.pack.Architecture;
import ai.elms.engine.pack.LevelSpec;
import ai.elms.engine.pack.ModelPackage;
import ai.elms.engine.pack.PackageManifest;
import ai.elms.engine.text.ByteLevelVocabulary;
import ai.elms.lab.elastic.ElasticLayout;
import ai.elms.lab.elastic.Elastification;
import ai.elms.lab.elastic.UnitOrder;
import ai.elms.lab.export.PackageExport;
import ai.elms.lab.model.Decoder;
import ai.elms.lab.model.SpreadWeights;
import ai.elms.lab.model.Torch;
import ai.elms.lab.tokenizer.TokenizerCommand;
import ai.elms.lab.training.TokenBatch;
import ai.onnxruntime.OrtEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An elasticized decoder exported as a package: the engine opens it with its anchors and
 * levels, and at the full level gives the logits of the decoder before the reordering.
 */
class ElasticizedPackageTest {

	static final Architecture TINY = new Architecture(32, 4, 4, 2, 8, 64, 300, 64, 10000.0, 1e-5, false);

	@TempDir
	Path dir;

	@Test
	void reorderedPackageGivesTheOriginalLogitsThroughTheEngine() throws Exception {
		int[] tokens = { 257, 10, 104, 101, 108, 108, 111, 256, 10, 259, 10, 72, 299, 3, 200, 258 };
		long[] ids = new long[tokens.length];
		for (int i = 0; i < ids.length; i++) {
			ids[i] = tokens[i];
		}
		long[] positions = { 12, 13, 14 };
		long[] targets = { 3, 200, 258 };
		TokenBatch batch = new TokenBatch(1, ids.length, ids, positions, targets, new int[] { 0, 0, 0 }, ids.length);
		Path tokenizer = this.dir.resolve("tokenizer.json");
		ByteLevelVocabulary.filled(TokenizerCommand.SPECIAL_TOKENS, TINY.vocabSize()).write(tokenizer);
		Path pack = this.dir.resolve("pack");
		float[] expected;
		ElasticLayout layout;
		try (NDManager manager = Torch.newManager(); Decoder decoder = Decoder.initialize(TINY, 3, manager)) {
			SpreadWeights.spread(decoder);
			expected = Elastification.logits(decoder, batch, manager);
			layout = Elastification.apply(decoder, List.of(batch), UnitOrder.TAYLOR, 1, 5, manager);
			Path weights = this.dir.resolve("weights.safetensors");
			decoder.write(weights);
			PackageExport.write(TINY, "elastic", weights, tokenizer, pack, layout.anchorLayers(), layout.levels());
		}

		try (ElasticEngine engine = ElasticEngine.open(pack,
				new EngineOptions(1, List.of(), Files.createDirectories(this.dir.resolve("work")), false))) {
			PackageManifest manifest = engine.manifest();
			assertThat(manifest.anchorLayers()).isEqualTo(layout.anchorLayers());
			assertThat(manifest.levels()).isEqualTo(layout.levels());
			assertThat(engine.levels()).hasSize(9);
		}
		ModelPackage opened = ModelPackage.open(pack);
		LevelSpec full = opened.manifest().levels().get(8);
		Path graphs = Files.createDirectories(this.dir.resolve("graphs"));
		OrtEnvironment env = OrtRuntime.environment(1);
		try (LevelSession session = LevelSession.open(env, opened, null, full, graphs, 1, true);
				LevelSession.Cache cache = session.newCache()) {
			DecoderParityTest.assertClose(cache.step(tokens, 0, tokens.length), 0, expected, 0, expected.length);
		}
	}

}
