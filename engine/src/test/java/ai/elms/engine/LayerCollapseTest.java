package ai.elms.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.IntFunction;

import ai.elms.engine.pack.Architecture;
import ai.elms.engine.pack.LayerCollapse;
import ai.elms.engine.pack.LevelSpec;
import ai.elms.engine.pack.ModelPackage;
import ai.elms.engine.pack.PackageGenerator;
import ai.elms.engine.pack.PackageShape;
import ai.elms.engine.pack.WeightNames;
import ai.onnxruntime.OrtEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A layer-collapse level runs LaCo's merged weights in the absorbing layer and skips the
 * layers it absorbed.
 */
class LayerCollapseTest {

	private static final PackageShape THREE_LAYERS = new PackageShape("elms-three", 64, 3, 4, 2, 16, 128, 384, 256,
			false);

	private static final List<IntFunction<String>> LAYER_TENSORS = List.of(WeightNames::attnNorm, WeightNames::q,
			WeightNames::k, WeightNames::v, WeightNames::oTransposed, WeightNames::ffnNorm, WeightNames::gate,
			WeightNames::up, WeightNames::downTransposed);

	@TempDir
	Path dir;

	@Test
	void aLayerThatAbsorbsTwoRunsTheirMergedWeights() throws Exception {
		Path original = this.dir.resolve("original");
		PackageGenerator.generate(original, THREE_LAYERS, 5);
		ModelPackage pack = ModelPackage.open(original);
		Architecture arch = pack.manifest().architecture();
		LevelSpec collapsed = LayerCollapse.level(arch, List.of(new LayerCollapse.Merge(0, 2)));
		assertThat(collapsed.absorbs()).containsExactly(2, 0, 0);
		assertThat(collapsed.share()).isEqualTo(0.3333);

		// the same model written out: layer 0 holds W0 + (W1 - W0) + (W2 - W0), the
		// others
		// are dropped
		Path merged = this.dir.resolve("merged");
		writeWithMergedFirstLayer(original, merged, 2);
		LevelSpec firstLayerOnly = new LevelSpec(0.3333, List.of(arch.kvHeads(), 0, 0), List.of(arch.ffnSize(), 0, 0));
		assertSameLogits(pack, collapsed, ModelPackage.open(merged), firstLayerOnly);
	}

	@Test
	void absorbingOneLayerIsDroppingTheAbsorbingOne() throws Exception {
		Path original = this.dir.resolve("original");
		PackageGenerator.generate(original, THREE_LAYERS, 6);
		ModelPackage pack = ModelPackage.open(original);
		Architecture arch = pack.manifest().architecture();
		// W1 + (W2 - W1) is W2: layers 0 and 2 run
		LevelSpec collapsed = LayerCollapse.level(arch, List.of(new LayerCollapse.Merge(1, 1)));
		LevelSpec dropped = new LevelSpec(0.6667, List.of(arch.kvHeads(), 0, arch.kvHeads()),
				List.of(arch.ffnSize(), 0, arch.ffnSize()));
		assertSameLogits(pack, collapsed, pack, dropped);
	}

	private void assertSameLogits(ModelPackage a, LevelSpec levelA, ModelPackage b, LevelSpec levelB) throws Exception {
		OrtEnvironment env = OrtRuntime.environment(1);
		Path graphs = Files.createTempDirectory(this.dir, "graphs");
		try (LevelSession x = LevelSession.open(env, a, "layer-collapse", levelA, graphs, 1, false);
				LevelSession y = LevelSession.open(env, b, null, levelB, graphs, 1, false);
				LevelSession.Cache cx = x.newCache();
				LevelSession.Cache cy = y.newCache()) {
			int[] prompt = { 104, 101, 108, 108, 111, 32, 258, 7 };
			PackageCopy.assertSameLogits(cx.step(prompt, 0, prompt.length), cy.step(prompt, 0, prompt.length));
			for (int token : new int[] { 3, 200, 259 }) {
				PackageCopy.assertSameLogits(cx.step(new int[] { token }, 0, 1), cy.step(new int[] { token }, 0, 1));
			}
		}
	}

	/**
	 * Copies a package with layer 0's tensors replaced by LaCo's merge of layers 0 ...
	 * absorbed.
	 */
	private static void writeWithMergedFirstLayer(Path from, Path to, int absorbed) throws IOException {
		PackageCopy.write(from, to, (tensor, values, all) -> {
			IntFunction<String> kind = LAYER_TENSORS.stream()
				.filter((name) -> name.apply(0).equals(tensor.name()))
				.findFirst()
				.orElse(null);
			if (kind != null) {
				float[] own = values.clone();
				for (int k = 1; k <= absorbed; k++) {
					float[] other = PackageCopy.floats(all.get(kind.apply(k)).data());
					for (int i = 0; i < values.length; i++) {
						values[i] += other[i] - own[i];
					}
				}
			}
			return values;
		});
	}

}
