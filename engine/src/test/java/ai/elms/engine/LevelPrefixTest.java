package ai.elms.engine;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ai.elms.engine.pack.Architecture;
import ai.elms.engine.pack.LevelSpec;
import ai.elms.engine.pack.ModelPackage;
import ai.elms.engine.pack.PackageGenerator;
import ai.elms.engine.pack.PackageShape;
import ai.elms.engine.pack.WeightNames;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** A level is the full model with the units beyond its prefix removed. */
class LevelPrefixTest {

	@TempDir
	Path dir;

	@Test
	void levelGivesTheLogitsOfTheFullModelWithItsInactiveUnitsZeroed() throws Exception {
		Path original = this.dir.resolve("original");
		PackageGenerator.generate(original, PackageShape.TINY, 11);
		ModelPackage pack = ModelPackage.open(original);
		OrtEnvironment env = OrtRuntime.environment(1);
		for (int index : new int[] { 0, 4 }) {
			LevelSpec level = pack.manifest().levels().get(index);
			Path masked = this.dir.resolve("masked-" + index);
			writeMasked(original, masked, level);
			ModelPackage maskedPack = ModelPackage.open(masked);
			LevelSpec full = maskedPack.manifest().levels().get(maskedPack.manifest().levels().size() - 1);
			Path graphs = Files.createDirectories(this.dir.resolve("graphs-" + index));
			try (LevelSession prefix = LevelSession.open(env, pack, null, level, graphs, 1, false);
					LevelSession whole = LevelSession.open(env, maskedPack, null, full, graphs, 1, false);
					LevelSession.Cache a = prefix.newCache();
					LevelSession.Cache b = whole.newCache()) {
				int[] prompt = { 104, 101, 108, 108, 111, 32, 258, 7 };
				PackageCopy.assertSameLogits(a.step(prompt, 0, prompt.length), b.step(prompt, 0, prompt.length));
				for (int token : new int[] { 3, 200, 259 }) {
					PackageCopy.assertSameLogits(a.step(new int[] { token }, 0, 1), b.step(new int[] { token }, 0, 1));
				}
				assertThat(a.length()).isEqualTo(prompt.length + 3);
			}
		}
	}

	@Test
	void levelDiffersFromTheFullModel() throws IOException, OrtException {
		Path original = this.dir.resolve("original");
		PackageGenerator.generate(original, PackageShape.TINY, 11);
		ModelPackage pack = ModelPackage.open(original);
		List<LevelSpec> levels = pack.manifest().levels();
		OrtEnvironment env = OrtRuntime.environment(1);
		try (LevelSession small = LevelSession.open(env, pack, null, levels.get(0), this.dir, 1, false);
				LevelSession full = LevelSession.open(env, pack, null, levels.get(levels.size() - 1), this.dir, 1,
						false);
				LevelSession.Cache a = small.newCache();
				LevelSession.Cache b = full.newCache()) {
			int[] prompt = { 1, 2, 3 };
			FloatBuffer x = a.step(prompt, 0, 3);
			FloatBuffer y = b.step(prompt, 0, 3);
			double difference = 0;
			for (int i = 0; i < x.remaining(); i++) {
				difference = Math.max(difference, Math.abs(x.get(i) - y.get(i)));
			}
			assertThat(difference).isGreaterThan(1e-3);
		}
	}

	/** Copies a package, zeroing every unit that the level leaves out. */
	private static void writeMasked(Path from, Path to, LevelSpec level) throws IOException {
		Architecture arch = ModelPackage.open(from).manifest().architecture();
		PackageCopy.write(from, to, (tensor, values, all) -> {
			int keepRows = activeRows(arch, level, tensor.name(), (int) tensor.shape()[0]);
			int rowSize = (tensor.shape().length > 1) ? (int) tensor.shape()[1] : values.length;
			for (int i = keepRows * rowSize; i < values.length; i++) {
				values[i] = 0;
			}
			return values;
		});
	}

	private static int activeRows(Architecture arch, LevelSpec level, String name, int allRows) {
		for (int l = 0; l < arch.layers(); l++) {
			int groups = level.kvGroups().get(l);
			int ffn = level.ffn().get(l);
			int queryRows = groups * arch.headsPerGroup() * arch.headDim();
			if (name.equals(WeightNames.q(l)) || name.equals(WeightNames.oTransposed(l))) {
				return queryRows;
			}
			if (name.equals(WeightNames.k(l)) || name.equals(WeightNames.v(l))) {
				return groups * arch.headDim();
			}
			if (name.equals(WeightNames.gate(l)) || name.equals(WeightNames.up(l))
					|| name.equals(WeightNames.downTransposed(l))) {
				return ffn;
			}
		}
		return allRows;
	}

}
