package ai.elms.lab.collapse;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import ai.elms.engine.pack.LayerCollapse;
import ai.elms.engine.pack.LevelSpec;
import ai.elms.engine.pack.ModelPackage;
import ai.elms.engine.pack.PackageManifest;
import ai.elms.lab.data.DataDirectory;
import ai.elms.lab.tasks.TaskItem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code model-lab collapse}: adds the layer-collapse baseline (LaCo) to a package, the
 * ladder of its merges smallest first, as {@code baselines.layer-collapse} in its
 * manifest. The weights are not touched: the engine merges them when it opens a level.
 */
@Command(name = "collapse", mixinStandardHelpOptions = true,
		description = "Choose LaCo's layer merges on the calibration split through the engine and add them to a "
				+ "package as its layer-collapse baseline.")
public final class CollapseCommand implements Callable<Integer> {

	@Option(names = "--package", required = true, description = "package folder; its manifest is rewritten")
	Path packageDir;

	@Option(names = "--data", required = true, description = "data directory with the task sets")
	Path data;

	@Option(names = "--split", defaultValue = "calibration", description = "split to measure on (default: calibration)")
	String split;

	@Option(names = "--items", defaultValue = "16", description = "first items of each task's split (default: 16)")
	int items;

	@Option(names = "--window", defaultValue = "3",
			description = "consecutive layers merged into one, LaCo's C (default: 3; 2 is a layer drop)")
	int window;

	@Option(names = "--lowest", defaultValue = "0", description = "lowest layer a merge may start at (default: 0)")
	int lowest;

	@Option(names = "--threshold", defaultValue = "0",
			description = "least similarity to the full model a merge must keep, LaCo's T (default: 0)")
	double threshold;

	@Option(names = "--threads", defaultValue = "0", description = "ONNX Runtime threads, 0 for all cores")
	int threads;

	@Override
	public Integer call() throws Exception {
		if (this.items < 1) {
			throw new IllegalArgumentException("--items must be at least 1");
		}
		List<TaskItem> calibration = new DataDirectory(this.data).itemsToFit(this.split, this.items);
		CollapseSearch search = CollapseSearch.prepare(this.packageDir, calibration, this.threads);
		List<CollapseSearch.Step> steps = search.run(this.window, this.lowest, this.threshold,
				(step) -> System.out.println(describe(step)));
		if (steps.isEmpty()) {
			throw new IllegalArgumentException("no merge of " + this.window + " layers from layer " + this.lowest
					+ " keeps a similarity of " + this.threshold);
		}
		PackageManifest manifest = ModelPackage.open(this.packageDir).manifest();
		List<LevelSpec> ladder = LayerCollapse.ladder(manifest.architecture(),
				steps.stream().map(CollapseSearch.Step::merge).toList());
		Map<String, List<LevelSpec>> baselines = new LinkedHashMap<>(manifest.baselines());
		baselines.put(LayerCollapse.LADDER, ladder);
		ModelPackage.writeManifest(this.packageDir,
				new PackageManifest(manifest.format(), manifest.name(), manifest.architecture(),
						manifest.anchorLayers(), manifest.levels(), manifest.tokenizer(), manifest.weights(),
						manifest.chatTemplate(), manifest.eosTokens(), baselines));
		System.out.printf(Locale.ROOT, "wrote %s: %s ladder of %d levels, shares %s%n", this.packageDir,
				LayerCollapse.LADDER, ladder.size(), ladder.stream().map(LevelSpec::share).toList());
		return 0;
	}

	private static String describe(CollapseSearch.Step step) {
		StringBuilder line = new StringBuilder("candidates (layers merged: similarity):");
		step.candidates()
			.entrySet()
			.stream()
			.sorted(Map.Entry.comparingByKey(Comparator.comparingInt(LayerCollapse.Merge::first)))
			.forEach((candidate) -> line
				.append(String.format(Locale.ROOT, " %s: %.4f", layers(candidate.getKey()), candidate.getValue())));
		return line.append(String.format(Locale.ROOT, "; merged %s", layers(step.merge()))).toString();
	}

	private static String layers(LayerCollapse.Merge merge) {
		return merge.first() + "-" + (merge.first() + merge.absorbed());
	}

}
