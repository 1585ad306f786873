package ai.elms.benchmarks.switching;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ai.elms.benchmarks.BenchmarkOptions;
import ai.elms.benchmarks.BenchmarkPackages;
import ai.elms.benchmarks.Stats;
import ai.elms.benchmarks.Table;
import ai.elms.engine.ElasticEngine;
import ai.elms.engine.ElasticLevel;
import ai.elms.engine.EngineOptions;
import ai.elms.engine.GenerationRequest;
import ai.elms.engine.SamplingParams;
import ai.elms.engine.TokenSink;

/**
 * Switching overhead: for every level, the TTFT of a one-token request right after a
 * request at another level (cycling through the others) against right after one at the
 * same level. The two conditions alternate which is measured first, pair by pair, so
 * drift on a shared machine cancels out of the ratio.
 */
public final class SwitchingBenchmark {

	/** The published claim: switching adds under 1% to TTFT. */
	static final double TARGET_RATIO = 1.01;

	private static final int WARMUP_ROUNDS = 3;

	private SwitchingBenchmark() {
	}

	public static void run(BenchmarkOptions options, PrintStream out) throws IOException {
		Path dir = BenchmarkPackages.resolve(options, out);
		try (ElasticEngine engine = ElasticEngine.open(dir, EngineOptions.DEFAULTS.withThreads(options.threads()))) {
			int[] prompt = engine.encode(options.prompt());
			List<ElasticLevel> levels = engine.levels();
			for (int round = 0; round < WARMUP_ROUNDS; round++) {
				for (ElasticLevel level : levels) {
					ttftMs(engine, prompt, level.index());
				}
			}
			CacheFlush flush = (options.flushMib() > 0) ? new CacheFlush(options.flushMib()) : null;
			String flushed = (flush != null)
					? ", caches flushed with " + options.flushMib() + " MiB before each measured request" : "";
			Table table = new Table(String.format(Locale.ROOT,
					"switching: TTFT after another level vs after the same level (%s, threads %d, prompt %d tokens, "
							+ "max_tokens 1, %d pairs per level%s)",
					engine.manifest().name(), options.threads(), prompt.length, options.pairs(), flushed), "level",
					"params_M", "same_ms", "switched_ms", "ratio_of_medians", "median_paired_ratio",
					"paired_ratio_95ci", "extra_%");
			List<Double> allRatios = new ArrayList<>();
			for (ElasticLevel level : levels) {
				double[] same = new double[options.pairs()];
				double[] switched = new double[options.pairs()];
				List<ElasticLevel> others = levels.stream().filter((other) -> other != level).toList();
				for (int pair = 0; pair < options.pairs(); pair++) {
					int other = others.isEmpty() ? level.index() : others.get(pair % others.size()).index();
					if (pair % 2 == 0) {
						ttftMs(engine, prompt, other);
						switched[pair] = measuredTtftMs(engine, prompt, level.index(), flush);
						same[pair] = measuredTtftMs(engine, prompt, level.index(), flush);
					}
					else {
						ttftMs(engine, prompt, level.index());
						same[pair] = measuredTtftMs(engine, prompt, level.index(), flush);
						ttftMs(engine, prompt, other);
						switched[pair] = measuredTtftMs(engine, prompt, level.index(), flush);
					}
				}
				double[] ratios = Stats.ratios(switched, same);
				for (double ratio : ratios) {
					allRatios.add(ratio);
				}
				double medianRatio = Stats.median(ratios);
				double[] interval = Stats.medianInterval95(ratios);
				table.row(Table.number(level.share(), 1), Table.number(level.parameters() / 1e6, 1),
						Table.number(Stats.median(same), 2), Table.number(Stats.median(switched), 2),
						Table.number(Stats.median(switched) / Stats.median(same), 4), Table.number(medianRatio, 4),
						Table.number(interval[0], 4) + ".." + Table.number(interval[1], 4),
						Table.number((medianRatio - 1) * 100, 2));
			}
			table.print(out);
			double[] ratios = allRatios.stream().mapToDouble(Double::doubleValue).toArray();
			double overall = Stats.median(ratios);
			double[] interval = Stats.medianInterval95(ratios);
			out.printf(
					"switching overall: median paired ratio %s (95%% CI %s..%s) over %d pairs, extra %s%%; "
							+ "target < %s%% extra: %s%n%n",
					Table.number(overall, 4), Table.number(interval[0], 4), Table.number(interval[1], 4), ratios.length,
					Table.number((overall - 1) * 100, 2), Table.number((TARGET_RATIO - 1) * 100, 0),
					(overall < TARGET_RATIO) ? "met" : "MISSED");
		}
	}

	private static double measuredTtftMs(ElasticEngine engine, int[] prompt, int level, CacheFlush flush) {
		if (flush != null) {
			flush.flush();
		}
		return ttftMs(engine, prompt, level);
	}

	private static double ttftMs(ElasticEngine engine, int[] prompt, int level) {
		return engine
			.generate(new GenerationRequest(prompt, level, 1, SamplingParams.GREEDY, List.of()), TokenSink.NONE)
			.ttftMs();
	}

}
