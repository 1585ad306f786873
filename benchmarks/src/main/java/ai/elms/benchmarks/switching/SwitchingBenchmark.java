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
import ai.elms.engine.BareDecodeLoop;
import ai.elms.engine.ElasticEngine;
import ai.elms.engine.ElasticLevel;
import ai.elms.engine.EngineOptions;
import ai.elms.engine.GenerationRequest;
import ai.elms.engine.SamplingParams;
import ai.elms.engine.TokenSink;
import ai.onnxruntime.OrtException;

/**
 * Switching overhead: for every level, the TTFT of a one-token request right after a
 * request at another level (cycling through the others) against right after one at the
 * same level. The two conditions alternate which is measured first, pair by pair, so
 * drift on a shared machine cancels out of the ratio. With {@code --loop bare} the
 * requests are bare {@code session.run} calls on the engine's own sessions, which tells
 * the engine's share of an overhead from ONNX Runtime's and the hardware's.
 */
public final class SwitchingBenchmark {

	/** The published claim: switching adds under 1% to TTFT. */
	static final double TARGET_RATIO = 1.01;

	private static final int WARMUP_ROUNDS = 3;

	private SwitchingBenchmark() {
	}

	public static void run(BenchmarkOptions options, PrintStream out) throws IOException, OrtException {
		Path dir = BenchmarkPackages.resolve(options, out);
		List<BareDecodeLoop> bareLoops = new ArrayList<>();
		try (ElasticEngine engine = ElasticEngine.open(dir, EngineOptions.DEFAULTS.withThreads(options.threads()))) {
			int[] prompt = engine.encode(options.prompt());
			List<ElasticLevel> levels = engine.levels();
			FirstToken request;
			if (options.bareLoop()) {
				for (ElasticLevel level : levels) {
					bareLoops.add(BareDecodeLoop.over(engine, level.index()));
				}
				request = (level) -> bareLoops.get(level).decode(prompt, 1).ttftNanos() / 1e6;
			}
			else {
				request = (level) -> engine
					.generate(new GenerationRequest(prompt, level, 1, SamplingParams.GREEDY, List.of()), TokenSink.NONE)
					.ttftMs();
			}
			for (int round = 0; round < WARMUP_ROUNDS; round++) {
				for (ElasticLevel level : levels) {
					request.ttftMs(level.index());
				}
			}
			CacheFlush flush = (options.flushMib() > 0) ? new CacheFlush(options.flushMib()) : null;
			FirstToken measured = (flush == null) ? request : (level) -> {
				flush.flush();
				return request.ttftMs(level);
			};
			String conditions = (options.bareLoop() ? ", bare session.run loop" : "") + ((flush != null)
					? ", caches flushed with " + options.flushMib() + " MiB before each measured" + " request" : "");
			Table table = new Table(String.format(Locale.ROOT,
					"switching: TTFT after another level vs after the same level (%s, threads %d, prompt %d tokens, "
							+ "max_tokens 1, %d pairs per level%s)",
					engine.manifest().name(), options.threads(), prompt.length, options.pairs(), conditions), "level",
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
						request.ttftMs(other);
						switched[pair] = measured.ttftMs(level.index());
						same[pair] = measured.ttftMs(level.index());
					}
					else {
						request.ttftMs(level.index());
						same[pair] = measured.ttftMs(level.index());
						request.ttftMs(other);
						switched[pair] = measured.ttftMs(level.index());
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
		finally {
			bareLoops.forEach(BareDecodeLoop::close);
		}
	}

	/** One measured request: its time to first token at a level. */
	@FunctionalInterface
	private interface FirstToken {

		double ttftMs(int level) throws OrtException;

	}

}
