package ai.elms.lab.data;

import java.io.IOException;
import java.nio.file.Path;

import ai.elms.lab.Progress;
import ai.elms.lab.corpus.CorpusSources;
import ai.elms.lab.tasks.SplitSizes;
import ai.elms.lab.tasks.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The data step on the corpora installed by {@code scripts/install-corpora.sh}; skipped
 * only where they are not installed (CI installs them).
 */
@EnabledIf("corporaInstalled")
class RealCorporaTest {

	@TempDir
	Path dir;

	static boolean corporaInstalled() {
		return CorpusSources.debian().missingPackages().isEmpty();
	}

	@Test
	void installedCorporaGiveFullTestSplitsAndAllSources() throws IOException {
		SplitSizes sizes = new SplitSizes(500, 100, 200, 400);
		DataManifest manifest = DataStep.run(CorpusSources.debian(), new DataDirectory(this.dir), 42, sizes,
				Progress.none());

		assertThat(manifest.corpus().get("wordnet").documents()).isEqualTo(117_659);
		assertThat(manifest.corpus().get("bible").documents()).isEqualTo(1_189);
		assertThat(manifest.corpus().get("gcide").documents()).isGreaterThan(100_000);
		assertThat(manifest.corpus().get("jargon").documents()).isGreaterThan(2_000);
		assertThat(manifest.corpus().get("fortunes").documents()).isGreaterThan(10_000);
		for (Task task : Task.values()) {
			assertThat(manifest.tasks().get(task.id())).containsEntry("train", 500)
				.containsEntry("calibration", 100)
				.containsEntry("validation", 200)
				.containsEntry("test", 400);
		}
		assertThat(manifest.slots()).allSatisfy((slot, words) -> assertThat(words).as(slot).isGreaterThanOrEqualTo(10));
	}

}
