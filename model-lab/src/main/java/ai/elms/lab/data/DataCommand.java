package ai.elms.lab.data;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import ai.elms.lab.Progress;
import ai.elms.lab.corpus.CorpusSources;
import ai.elms.lab.tasks.SplitSizes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code model-lab data}: corpora in, pre-training corpus and task sets out. */
@Command(name = "data", mixinStandardHelpOptions = true,
		description = "Read the corpora that model-lab/scripts/install-corpora.sh installs and write the "
				+ "pre-training corpus and the task sets with fixed splits.")
public final class DataCommand implements Callable<Integer> {

	@Option(names = "--out", required = true, description = "data directory to write")
	Path out;

	@Option(names = "--root", defaultValue = "/",
			description = "file system root the Debian package paths are under (default: ${DEFAULT-VALUE})")
	Path root;

	@Option(names = "--seed", defaultValue = "42",
			description = "seed of every random choice (default: ${DEFAULT-VALUE})")
	long seed;

	@Option(names = "--train", defaultValue = "3000",
			description = "training items per task (default: ${DEFAULT-VALUE})")
	int train;

	@Option(names = "--calibration", defaultValue = "100",
			description = "calibration items per task (default: ${DEFAULT-VALUE})")
	int calibration;

	@Option(names = "--validation", defaultValue = "200",
			description = "validation items per task (default: ${DEFAULT-VALUE})")
	int validation;

	@Option(names = "--test", defaultValue = "400", description = "test items per task (default: ${DEFAULT-VALUE})")
	int test;

	@Override
	public Integer call() throws Exception {
		DataDirectory data = new DataDirectory(this.out);
		SplitSizes sizes = new SplitSizes(this.train, this.calibration, this.validation, this.test);
		DataManifest manifest;
		try (Progress progress = Progress.bar("data", DataStep.STEPS)) {
			manifest = DataStep.run(new CorpusSources(this.root), data, this.seed, sizes, progress);
		}
		manifest.corpus()
			.forEach((source, size) -> System.out.printf("corpus %-9s %7d documents %,12d chars%n", source,
					size.documents(), size.chars()));
		manifest.tasks().forEach((task, splits) -> System.out.printf("task   %-18s %s%n", task, splits));
		System.out.println("wrote " + data.root());
		return 0;
	}

}
