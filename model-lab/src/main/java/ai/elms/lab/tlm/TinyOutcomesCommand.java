package ai.elms.lab.tlm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import ai.elms.engine.ElasticEngine;
import ai.elms.engine.EngineOptions;
import ai.elms.engine.TinyModel;
import ai.elms.engine.orchestration.PromptParts;
import ai.elms.engine.profile.DeviceIdentity;
import ai.elms.engine.profile.LatencyProfile;
import ai.elms.engine.profile.LatencyProfiler;
import ai.elms.engine.profile.ProfilerOptions;
import ai.elms.engine.text.Tokenizer;
import ai.elms.engine.tlm.PromptCompression;
import ai.elms.lab.Progress;
import ai.elms.lab.data.DataDirectory;
import ai.elms.lab.data.Jsonl;
import ai.elms.lab.evaluate.ItemScorer;
import ai.elms.lab.tasks.TaskItem;
import ai.elms.lab.tokenizer.ChatFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code model-lab tlm-outcomes}: runs every prompt of a split at every prompt ratio
 * (compressed by the tiny model's score head) and every model level through the engine,
 * and measures the package's latency profile on this machine: what the decision head's
 * labels are induced from.
 */
@Command(name = "tlm-outcomes", mixinStandardHelpOptions = true,
		description = "Try every (prompt ratio, model level) on the first items of a split through the engine, "
				+ "the system part compressed by the tiny model's score head; measure the latency profile.")
public final class TinyOutcomesCommand implements Callable<Integer> {

	static final String FILE = "outcomes.jsonl";

	static final String PROFILE = "profile.json";

	/** Five runs per measurement, TPOT over four tokens. */
	static final ProfilerOptions PROFILE_OPTIONS = new ProfilerOptions(ProfilerOptions.DEFAULTS.buckets(), 5, 4);

	@Option(names = "--package", required = true, description = "the elastic package")
	Path packageDir;

	@Option(names = "--tlm", required = true, description = "folder of the tiny model whose score head compresses")
	Path tlm;

	@Option(names = "--data", required = true, description = "data directory with the task sets")
	Path data;

	@Option(names = "--out", required = true, description = "folder to write " + FILE + " and " + PROFILE + " to")
	Path out;

	@Option(names = "--split", defaultValue = "calibration", description = "split to run (default: calibration)")
	String split;

	@Option(names = "--items", defaultValue = "100", description = "first items of each task (default: 100)")
	int items;

	@Option(names = "--workers", defaultValue = "0", description = "items at once, one core each (default: all)")
	int workers;

	@Override
	public Integer call() throws Exception {
		List<TaskItem> items = new DataDirectory(this.data).itemsToFit(this.split, this.items);
		int cores = (this.workers > 0) ? this.workers : Runtime.getRuntime().availableProcessors();
		Files.createDirectories(this.out);
		ExecutorService pool = Executors.newFixedThreadPool(cores);
		try (ElasticEngine engine = ElasticEngine.open(this.packageDir,
				EngineOptions.DEFAULTS.withThreads(1).withScoring(true));
				TinyModel tiny = TinyModel.open(this.tlm, 1);
				Tokenizer tokenizer = Tokenizer.load(this.packageDir.resolve(engine.manifest().tokenizer()))) {
			if (tiny.config().levels() != engine.levels().size()) {
				throw new IllegalArgumentException("the tiny model chooses among " + tiny.config().levels()
						+ " levels, the package has " + engine.levels().size());
			}
			ItemScorer scorer = new ItemScorer(engine, ChatFormat.END, 1);
			List<Future<PromptOutcome>> futures = new ArrayList<>();
			try (Progress progress = Progress.bar("tlm-outcomes", items.size())) {
				for (TaskItem item : items) {
					futures.add(pool.submit(() -> {
						PromptOutcome outcome = outcome(item, tokenizer, tiny, engine, scorer);
						progress.step();
						return outcome;
					}));
				}
				List<PromptOutcome> outcomes = new ArrayList<>();
				for (Future<PromptOutcome> future : futures) {
					outcomes.add(future.get());
				}
				Jsonl.write(this.out.resolve(FILE), outcomes);
			}
			// the profile the labels' feasibility follows, measured alone on the machine;
			// the tasks' answers are a few tokens, so TPOT is that of the first few
			LatencyProfile profile = new LatencyProfiler(engine, PROFILE_OPTIONS, DeviceIdentity.current(),
					engine.threads())
				.measure();
			Jsonl.JSON.writerWithDefaultPrettyPrinter().writeValue(this.out.resolve(PROFILE).toFile(), profile);
		}
		finally {
			pool.shutdownNow();
		}
		System.out.printf("wrote %d outcomes and the latency profile to %s%n", items.size(), this.out);
		return 0;
	}

	static PromptOutcome outcome(TaskItem item, Tokenizer tokenizer, TinyModel tiny, ElasticEngine engine,
			ItemScorer scorer) {
		PromptParts prompt = PromptTokens.of(tokenizer, item);
		int[] system = prompt.system();
		int[] user = prompt.user();
		float[] scores = Arrays.copyOf(tiny.predict(prompt.content(), 0, 0).keepLogits(), system.length);
		List<Double> ratios = tiny.config().ratios();
		int[] lengths = new int[ratios.size()];
		boolean[][] correct = new boolean[ratios.size()][engine.levels().size()];
		for (int r = 0; r < ratios.size(); r++) {
			double share = PromptCompression.systemKeepShare(system.length, user.length, ratios.get(r));
			int[] compressed = prompt.withSystem(PromptCompression.keep(system, scores, share));
			lengths[r] = compressed.length;
			for (int level = 0; level < engine.levels().size(); level++) {
				correct[r][level] = scorer.picksAnswer(compressed, item, level);
			}
		}
		return new PromptOutcome(item.id(), item.task(), system, user, lengths, correct);
	}

}
