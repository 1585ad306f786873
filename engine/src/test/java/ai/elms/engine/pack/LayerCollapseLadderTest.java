package ai.elms.engine.pack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The layer-collapse ladder and how a manifest states its merges. */
class LayerCollapseLadderTest {

	@TempDir
	Path dir;

	@Test
	void theLadderAppliesTheMergesInTheirOrderSmallestFirst() {
		Architecture arch = PackageShape.REALISTIC.architecture();
		List<LevelSpec> ladder = LayerCollapse.ladder(arch,
				List.of(new LayerCollapse.Merge(20, 3), new LayerCollapse.Merge(14, 3)));
		assertThat(ladder).extracting(LevelSpec::share).containsExactly(0.75, 0.875, 1.0);
		assertThat(ladder.get(1).absorbs().get(20)).isEqualTo(3);
		assertThat(ladder.get(1).absorbs().get(14)).isZero();
		assertThat(ladder.get(0).absorbs().get(14)).isEqualTo(3);
		assertThat(ladder.get(2).absorbs()).isNull();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LayerCollapse.ladder(arch,
					List.of(new LayerCollapse.Merge(20, 3), new LayerCollapse.Merge(18, 2))))
			.withMessageContaining("share a layer");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LayerCollapse.ladder(arch, List.of(new LayerCollapse.Merge(22, 2))))
			.withMessageContaining("past the last");
	}

	@Test
	void aManifestWhoseAbsorbedLayerRunsIsRejected() throws IOException {
		Path pack = this.dir.resolve("p");
		PackageGenerator.generate(pack, PackageShape.TINY, 1);
		Path manifest = pack.resolve(ModelPackage.MANIFEST);
		String json = Files.readString(manifest);
		assertThat(ModelPackage.open(pack).manifest().ladder(LayerCollapse.LADDER).get(0).absorbs()).containsExactly(1,
				0);
		// the tiny package's collapse level: layer 0 absorbs layer 1, which is skipped
		String runs = json.replaceFirst("\"kv_groups\" : \\[ 2, 0 \\],\\s*\"ffn\" : \\[ 128, 0 \\],\\s*\"absorbs\"",
				"\"kv_groups\" : [ 2, 2 ], \"ffn\" : [ 128, 0 ], \"absorbs\"");
		assertThat(runs).isNotEqualTo(json);
		Files.writeString(manifest, runs);
		assertThatIOException().isThrownBy(() -> ModelPackage.open(pack)).withMessageContaining("absorbed");
		Files.writeString(manifest, json.replace("\"absorbs\" : [ 1, 0 ]", "\"absorbs\" : [ 0, 1 ]"));
		assertThatIOException().isThrownBy(() -> ModelPackage.open(pack)).withMessageContaining("does not have");
	}

}
