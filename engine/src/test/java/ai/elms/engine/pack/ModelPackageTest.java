package ai.elms.engine.pack;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

class ModelPackageTest {

	@TempDir
	Path dir;

	@Test
	void safetensorsRoundTrip() throws IOException {
		Path file = this.dir.resolve("t.safetensors");
		SafeTensors.write(file,
				List.of(new SafeTensors.Entry("a", new long[] { 2, 3 },
						() -> FloatBuffer.wrap(new float[] { 1, 2, 3, 4, 5, 6 })),
						new SafeTensors.Entry("b", new long[] { 1 }, () -> FloatBuffer.wrap(new float[] { -7 }))));
		Map<String, SafeTensors.Tensor> tensors = SafeTensors.map(file);
		assertThat(tensors.keySet()).containsExactly("a", "b");
		assertThat(tensors.get("a").shape()).containsExactly(2, 3);
		FloatBuffer firstRow = tensors.get("a").rows(1);
		assertThat(firstRow.remaining()).isEqualTo(3);
		assertThat(firstRow.get(2)).isEqualTo(3f);
		assertThat(tensors.get("a").data().isDirect()).isTrue();
		assertThat(tensors.get("b").data().get(0)).isEqualTo(-7f);
	}

	@Test
	void generatedPackageOpensWithNineLevelsAndAStableFingerprint() throws IOException {
		PackageGenerator.generate(this.dir.resolve("a"), PackageShape.TINY, 3);
		PackageGenerator.generate(this.dir.resolve("b"), PackageShape.TINY, 3);
		PackageGenerator.generate(this.dir.resolve("c"), PackageShape.TINY, 4);
		ModelPackage a = ModelPackage.open(this.dir.resolve("a"));
		assertThat(a.manifest().levels()).extracting(LevelSpec::share).containsExactlyElementsOf(LevelSchedule.SHARES);
		assertThat(a.fingerprint()).isEqualTo(ModelPackage.open(this.dir.resolve("b")).fingerprint());
		assertThat(a.fingerprint()).isNotEqualTo(ModelPackage.open(this.dir.resolve("c")).fingerprint());
	}

	@Test
	void aManifestWithoutAnAnswerLeadHasNone() throws IOException {
		PackageGenerator.generate(this.dir.resolve("a"), PackageShape.TINY, 3);
		Path manifest = this.dir.resolve("a").resolve("manifest.json");
		String json = Files.readString(manifest);
		assertThat(json).contains("\"answer_lead\" : \" \"");
		assertThat(ModelPackage.open(this.dir.resolve("a")).manifest().chatTemplate().answerLead()).isEqualTo(" ");
		Files.writeString(manifest, json.replaceAll(",\\s*\"answer_lead\" : \" \"", ""));
		assertThat(ModelPackage.open(this.dir.resolve("a")).manifest().chatTemplate().answerLead()).isEmpty();
	}

	@Test
	void levelsKeepTheirShareOfTheLayerParameters() {
		Architecture arch = PackageShape.REALISTIC.architecture();
		List<Integer> anchors = List.of(0, arch.layers() - 1);
		List<LevelSpec> levels = LevelSchedule.uniform(arch, anchors, LevelSchedule.SHARES);
		long full = levels.get(8).parameters(arch) - arch.outerParameters();
		for (LevelSpec level : levels) {
			double share = (level.parameters(arch) - arch.outerParameters()) / (double) full;
			assertThat(share).isCloseTo(level.share(), org.assertj.core.data.Offset.offset(0.03));
			for (int anchor : anchors) {
				assertThat(level.ffn().get(anchor)).isEqualTo(arch.ffnSize());
			}
		}
	}

	@Test
	void rejectsAMissingOrInconsistentManifest() throws IOException {
		assertThatIOException().isThrownBy(() -> ModelPackage.open(this.dir)).withMessageContaining("manifest.json");
		Path pack = this.dir.resolve("p");
		PackageGenerator.generate(pack, PackageShape.TINY, 1);
		Path manifest = pack.resolve(ModelPackage.MANIFEST);
		String json = Files.readString(manifest);
		Files.writeString(manifest, json.replace("\"hidden_size\" : 64", "\"hidden_size\" : 65"));
		assertThatIOException().isThrownBy(() -> ModelPackage.open(pack)).withMessageContaining("shape");
		Files.writeString(manifest, json.replace("\"kv_heads\" : 2", "\"kv_heads\" : 3"));
		assertThatIOException().isThrownBy(() -> ModelPackage.open(pack)).withMessageContaining("kv_heads");
		Files.writeString(manifest, "{ not json");
		assertThatIOException().isThrownBy(() -> ModelPackage.open(pack)).withMessageContaining("unreadable");
	}

}
