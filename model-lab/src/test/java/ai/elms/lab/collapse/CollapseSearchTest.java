package ai.elms.lab.collapse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import ai.elms.engine.ElasticEngine;
import ai.elms.engine.EngineOptions;
import ai.elms.engine.pack.LayerCollapse;
import ai.elms.engine.pack.LevelSpec;
import ai.elms.engine.pack.ModelPackage;
import ai.elms.engine.pack.PackageGenerator;
import ai.elms.engine.pack.PackageShape;
import ai.elms.lab.ModelLab;
import ai.elms.lab.data.DataDirectory;
import ai.elms.lab.data.Jsonl;
import ai.elms.lab.tasks.Split;
import ai.elms.lab.tasks.Task;
import ai.elms.lab.tasks.TaskItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/** LaCo's search through the engine on a random package of four layers. */
class CollapseSearchTest {

	private static final PackageShape FOUR_LAYERS = new PackageShape("elms-four", 64, 4, 4, 2, 16, 128, 384, 256,
			false);

	@TempDir
	Path dir;

	@Test
	void theFullModelIsItsOwnTwinAndAMergedOneIsNot() throws Exception {
		Path pack = this.dir.resolve("pack");
		PackageGenerator.generate(pack, FOUR_LAYERS, 7);
		CollapseSearch search = CollapseSearch.prepare(pack, items(3), 1);
		assertThat(search.similarity(List.of())).isCloseTo(1.0, within(1e-6));
		assertThat(search.similarity(List.of(new LayerCollapse.Merge(1, 2)))).isLessThan(0.9999);
	}

	@Test
	void takesTheMostSimilarMergeEachStepAndNeverTwoOnOneLayer() throws Exception {
		Path pack = this.dir.resolve("pack");
		PackageGenerator.generate(pack, FOUR_LAYERS, 8);
		CollapseSearch search = CollapseSearch.prepare(pack, items(3), 1);
		List<CollapseSearch.Step> steps = search.run(2, 0, -1, (step) -> {
		});
		// windows of two on four layers: three candidates first; it stops when every
		// window left overlaps a merge taken
		assertThat(steps).isNotEmpty();
		assertThat(steps.get(0).candidates()).hasSize(3);
		for (CollapseSearch.Step step : steps) {
			assertThat(step.similarity()).isEqualTo(Collections.max(step.candidates().values()));
		}
		List<LayerCollapse.Merge> taken = steps.stream().map(CollapseSearch.Step::merge).toList();
		for (int first = 0; first < 3; first++) {
			LayerCollapse.Merge window = new LayerCollapse.Merge(first, 1);
			assertThat(taken).anyMatch(window::overlaps);
		}
		// the ladder of what it took is valid: no two merges share a layer
		assertThat(LayerCollapse.ladder(ModelPackage.open(pack).manifest().architecture(), taken))
			.hasSize(taken.size() + 1);

		// a threshold above every similarity takes none
		assertThat(search.run(2, 0, 1.1, (step) -> {
		})).isEmpty();
		assertThatIllegalArgumentException().isThrownBy(() -> search.run(5, 0, 0, (step) -> {
		})).withMessageContaining("--window");
	}

	@Test
	void theCommandWritesALadderTheEngineServes() throws Exception {
		Path pack = this.dir.resolve("pack");
		PackageGenerator.generate(pack, FOUR_LAYERS, 9);
		DataDirectory data = new DataDirectory(this.dir.resolve("data"));
		for (Task task : Task.values()) {
			Jsonl.write(data.tasks(task, Split.CALIBRATION), (task == Task.WORDNET_DEFINITION) ? items(2) : List.of());
		}
		int exit = ModelLab.commandLine()
			.execute("collapse", "--package", pack.toString(), "--data", data.root().toString(), "--threads", "1");
		assertThat(exit).isZero();
		try (ElasticEngine engine = ElasticEngine.open(pack,
				EngineOptions.DEFAULTS.withThreads(1).withLadder(LayerCollapse.LADDER))) {
			// the default window of three on four layers: one merge
			assertThat(engine.levels()).hasSize(2);
			LevelSpec merged = engine.manifest().ladder(LayerCollapse.LADDER).get(0);
			assertThat(merged.share()).isEqualTo(0.5);
			assertThat(merged.absorbs().stream().mapToInt(Integer::intValue).sum()).isEqualTo(2);
			assertThat(engine.manifest().baselines()).containsKeys("layer-drop", "attention-drop");
		}
	}

	private static List<TaskItem> items(int count) {
		List<TaskItem> items = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			items.add(new TaskItem("wordnet-definition/calibration/" + i, Task.WORDNET_DEFINITION, Split.CALIBRATION,
					"k" + i, "Pick the word for a definition. Example " + i + ".", "Definition: a thing " + i,
					List.of("dog", "cat"), 0, "dog"));
		}
		return items;
	}

}
