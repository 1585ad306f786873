package ai.elms.lab.evaluate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import ai.elms.engine.ElasticEngine;
import ai.elms.engine.ElasticLevel;
import ai.elms.engine.EngineOptions;
import ai.elms.lab.Progress;
import ai.elms.lab.data.DataDirectory;
import ai.elms.lab.tasks.Split;
import ai.elms.lab.tasks.Task;
import ai.elms.lab.tasks.TaskItem;
import ai.elms.lab.tokenizer.ChatFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code model-lab evaluate}: a package's accuracy per task and level, through the engine
 * the inference node runs.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
		description = "Accuracy of a package per task and level on a split, through the inference node's engine "
				+ "(ONNX Runtime): the most likely choice by mean log-probability, and exact match of the greedy "
				+ "answer.")
public final class EvaluateCommand implements Callable<Integer> {

	@Option(names = "--package", required = true, description = "package folder to evaluate")
	Path packageDir;

	@Option(names = "--data", required = true, description = "data directory with the task sets")
	Path data;

	@Option(names = "--split", defaultValue = "test", description = "split to score (default: test)")
	String split;

	@Option(names = "--items", defaultValue = "400", description = "first items of each task's split (default: 400)")
	int items;

	@Option(names = "--levels", split = ",",
			description = "level shares to score, e.g. 0.2,0.6,1.0 (default: all of the package)")
	List<Double> levels = List.of();

	@Option(names = "--ladder",
			description = "a baseline ladder of the package to score instead of its levels (e.g. layer-collapse)")
	String ladder;

	@Option(names = "--tasks", split = ",", description = "task ids to score (default: all)")
	List<String> tasks = List.of();

	@Option(names = "--max-answer-tokens", defaultValue = "128",
			description = "longest greedy answer for exact match; an answer also stops one token past the gold "
					+ "one's length in bytes, which a longer one cannot match (default: 128)")
	int maxAnswerTokens;

	@Option(names = "--workers", defaultValue = "0",
			description = "items scored at once, each on one core (default: all cores)")
	int workers;

	@Option(names = "--out", description = "JSON file to write the results to")
	Path out;

	@Override
	public Integer call() throws Exception {
		if (this.items < 1) {
			throw new IllegalArgumentException("--items must be at least 1");
		}
		if (this.maxAnswerTokens < 1) {
			throw new IllegalArgumentException("--max-answer-tokens must be at least 1");
		}
		Split chosen = Split.of(this.split);
		DataDirectory data = new DataDirectory(this.data);
		List<Task> taskList = this.tasks.isEmpty() ? List.of(Task.values())
				: this.tasks.stream().map(Task::of).toList();
		Map<Task, List<TaskItem>> itemsByTask = data.firstItems(taskList, chosen, this.items);
		for (Map.Entry<Task, List<TaskItem>> task : itemsByTask.entrySet()) {
			if (task.getValue().isEmpty()) {
				throw new IllegalArgumentException(
						"no " + chosen.id() + " items of " + task.getKey().id() + " in " + this.data);
			}
		}
		int cores = (this.workers > 0) ? this.workers : Runtime.getRuntime().availableProcessors();
		EngineOptions options = EngineOptions.DEFAULTS.withThreads(1)
			.withLadder(this.ladder)
			.withLevels(this.levels)
			.withScoring(true);
		ExecutorService pool = Executors.newFixedThreadPool(cores);
		try (ElasticEngine engine = ElasticEngine.open(this.packageDir, options)) {
			ItemScorer scorer = new ItemScorer(engine, ChatFormat.END, this.maxAnswerTokens);
			long total = (long) engine.levels().size() * itemsByTask.values().stream().mapToInt(List::size).sum();
			List<EvaluationReport.LevelResult> results = new ArrayList<>();
			try (Progress progress = Progress.bar("evaluate", total)) {
				for (ElasticLevel level : engine.levels()) {
					Map<String, EvaluationReport.TaskResult> byTask = new LinkedHashMap<>();
					for (Map.Entry<Task, List<TaskItem>> task : itemsByTask.entrySet()) {
						List<Future<ItemScorer.Outcome>> outcomes = new ArrayList<>();
						for (TaskItem item : task.getValue()) {
							outcomes.add(pool.submit(() -> {
								ItemScorer.Outcome outcome = scorer.score(item, level.index());
								progress.step();
								return outcome;
							}));
						}
						int likely = 0;
						int exact = 0;
						for (Future<ItemScorer.Outcome> outcome : outcomes) {
							likely += outcome.get().likelihoodCorrect() ? 1 : 0;
							exact += outcome.get().exactMatch() ? 1 : 0;
						}
						int n = task.getValue().size();
						byTask.put(task.getKey().id(),
								new EvaluationReport.TaskResult(n, likely / (double) n, exact / (double) n));
					}
					EvaluationReport.LevelResult result = new EvaluationReport.LevelResult(level.share(),
							level.parameters(), byTask,
							byTask.values()
								.stream()
								.mapToDouble(EvaluationReport.TaskResult::likelihoodAccuracy)
								.average()
								.orElse(0),
							byTask.values()
								.stream()
								.mapToDouble(EvaluationReport.TaskResult::exactMatch)
								.average()
								.orElse(0));
					results.add(result);
					progress.println(String.format(Locale.ROOT, "level %.1f: likelihood %.1f%%, exact match %.1f%%",
							level.share(), 100 * result.likelihoodAccuracy(), 100 * result.exactMatch()));
				}
			}
			EvaluationReport report = new EvaluationReport(engine.manifest().name(), engine.packageHash(), chosen.id(),
					this.items, results);
			if (this.out != null) {
				report.write(this.out);
			}
			System.out.print(report.table());
		}
		finally {
			pool.shutdownNow();
		}
		return 0;
	}

}
