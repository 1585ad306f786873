package ai.elms.benchmarks.tlm;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import ai.elms.benchmarks.BenchmarkOptions;
import ai.elms.benchmarks.BenchmarkPackages;
import ai.elms.benchmarks.Stats;
import ai.elms.benchmarks.Table;
import ai.elms.engine.ElasticEngine;
import ai.elms.engine.EngineOptions;
import ai.elms.engine.GenerationRequest;
import ai.elms.engine.SamplingParams;
import ai.elms.engine.TinyModel;
import ai.elms.engine.TokenSink;
import ai.elms.engine.tlm.TinyModelConfig;

/**
 * What the tiny model adds to a request: its time on a prompt against the LLM's TTFT on
 * the same prompt (prefill and the first token), at the full level and the smallest, runs
 * alternating. The package's tiny model is measured, or the preset size with random
 * weights when it has none (time does not depend on the weights): on a prompt read for
 * the first time, and on one whose system part it has read before (the same app's next
 * request, a new user message), where it reuses its work on that part when it can.
 */
public final class TinyModelOverheadBenchmark {

	/**
	 * The target of the product: the tiny model adds under 5% to TTFT at the full level.
	 */
	static final double TARGET = 0.05;

	static final List<Integer> PROMPT_TOKENS = List.of(256, 512, 1024);

	/** The user message's length in a prompt, the rest is the system part. */
	static final int USER_TOKENS = 32;

	private TinyModelOverheadBenchmark() {
	}

	public static void run(BenchmarkOptions options, PrintStream out) throws IOException, Exception {
		Path dir = BenchmarkPackages.resolve(options, out);
		int runs = options.runsOr(15);
		Path tinyDir = dir;
		Path temporary = Files.createTempDirectory("elms-tlm");
		try (ElasticEngine engine = ElasticEngine.open(dir, EngineOptions.DEFAULTS.withThreads(options.threads()))) {
			if (!TinyModel.exists(dir)) {
				TinyModelConfig config = TinyModelConfig.PRESET.forLlm(engine.manifest().architecture().vocabSize(),
						engine.contextLength(), engine.levels().size());
				tinyDir = Files.createDirectories(temporary.resolve("preset"));
				TinyModel.write(tinyDir, config, config.randomWeights(options.seed()));
				out.println("the package has no tiny model: measuring the preset size with random weights");
			}
			// the same tiny model with every token attending to the whole prompt, timed
			// beside it
			TinyModelConfig blocked;
			try (TinyModel probe = TinyModel.open(tinyDir, 1)) {
				blocked = probe.config();
			}
			Path wholeDir = Files.createDirectories(temporary.resolve("whole"));
			TinyModelConfig whole = blocked.withAttentionBlock(0);
			TinyModel.write(wholeDir, whole, whole.randomWeights(options.seed()));
			// and the same model with one more layer shared by both branches
			Path deeperDir = Files.createDirectories(temporary.resolve("deeper"));
			TinyModelConfig deeper = blocked.withSharedLayers(blocked.sharedLayers() + 1);
			TinyModel.write(deeperDir, deeper, deeper.randomWeights(options.seed()));
			try (TinyModel tiny = TinyModel.open(tinyDir, options.threads());
					TinyModel wholeAttention = TinyModel.open(wholeDir, options.threads());
					TinyModel deeperTiny = TinyModel.open(deeperDir, options.threads())) {
				out.printf(Locale.ROOT,
						"tiny model: %,d multiply-adds per token; LLM: %,d parameters at the full level%n",
						tiny.config().multiplyAddsPerToken(),
						engine.levels().get(engine.levels().size() - 1).parameters());
				Table table = new Table(
						String.format(Locale.ROOT,
								"tiny model time vs LLM TTFT on the same prompt (threads %d, %d runs, medians, ms)",
								options.threads(), runs),
						"prompt tokens", "tiny model", "TTFT full", "overhead full", "TTFT 0.2", "overhead 0.2",
						"system part read before", "its overhead full", "whole-prompt attention", "its overhead full",
						"one more shared layer", "its overhead full");
				out.printf(Locale.ROOT,
						"attention in blocks of %d tokens, %d shared layer(s); beside it the same model attending to "
								+ "the whole prompt, and the same model with one more shared layer%n",
						blocked.attentionBlock(), blocked.sharedLayers());
				// what the first request after a node's start waits for: the first
				// prediction of a model just opened, on the longest prompt measured
				int longest = Math.min(PROMPT_TOKENS.get(PROMPT_TOKENS.size() - 1),
						Math.min(engine.contextLength(), tiny.config().maxLength()) - 1);
				int[] first = new SplittableRandom(options.seed())
					.ints(longest, 0, engine.manifest().architecture().vocabSize())
					.toArray();
				try (TinyModel opened = TinyModel.open(tinyDir, options.threads())) {
					double firstMs = timed(() -> opened.predict(first, 5, 5));
					double secondMs = timed(() -> opened.predict(first, 5, 5));
					out.printf(Locale.ROOT,
							"first prediction after opening, %d tokens: %.2f ms (the second: %.2f ms)%n", longest,
							firstMs, secondMs);
				}
				double worstFull = 0;
				double worstReused = 0;
				SplittableRandom random = new SplittableRandom(options.seed());
				int vocab = engine.manifest().architecture().vocabSize();
				for (int length : PROMPT_TOKENS) {
					if (length + 1 > Math.min(engine.contextLength(), tiny.config().maxLength())) {
						continue;
					}
					int[] prompt = random.ints(length, 0, vocab).toArray();
					double[] tinyMs = new double[runs];
					double[] fullMs = new double[runs];
					double[] smallMs = new double[runs];
					double[] wholeMs = new double[runs];
					double[] deeperMs = new double[runs];
					double[] reusedMs = new double[runs];
					int system = length - USER_TOKENS;
					// one of each to warm up
					ttft(engine, prompt, 0);
					ttft(engine, prompt, engine.levels().size() - 1);
					tiny.predict(prompt, 5, 5);
					wholeAttention.predict(prompt, 5, 5);
					deeperTiny.predict(prompt, 5, 5);
					// the system part read at each SLO of the runs, by an earlier request
					for (int r = 0; r < Math.min(runs, 11); r++) {
						tiny.predict(prompt, system, r % 11, (r * 7) % 11);
					}
					// each tiny model right after the LLM's prefill, as in serving after
					// the previous request: its caches hold the LLM's weights
					for (int r = 0; r < runs; r++) {
						int ttftBucket = r % 11;
						int tpotBucket = (r * 7) % 11;
						fullMs[r] = ttft(engine, prompt, engine.levels().size() - 1);
						tinyMs[r] = timed(() -> tiny.predict(prompt, ttftBucket, tpotBucket));
						smallMs[r] = ttft(engine, prompt, 0);
						wholeMs[r] = timed(() -> wholeAttention.predict(prompt, ttftBucket, tpotBucket));
						ttft(engine, prompt, engine.levels().size() - 1);
						deeperMs[r] = timed(() -> deeperTiny.predict(prompt, ttftBucket, tpotBucket));
						int[] nextRequest = prompt.clone();
						for (int t = system; t < length; t++) {
							nextRequest[t] = random.nextInt(vocab);
						}
						ttft(engine, nextRequest, engine.levels().size() - 1);
						reusedMs[r] = timed(() -> tiny.predict(nextRequest, system, ttftBucket, tpotBucket));
					}
					double full = Stats.median(Stats.ratios(tinyMs, fullMs));
					double small = Stats.median(Stats.ratios(tinyMs, smallMs));
					double reused = Stats.median(Stats.ratios(reusedMs, fullMs));
					worstFull = Math.max(worstFull, full);
					worstReused = Math.max(worstReused, reused);
					table.row(length, Table.number(Stats.median(tinyMs), 2), Table.number(Stats.median(fullMs), 2),
							percent(full), Table.number(Stats.median(smallMs), 2), percent(small),
							Table.number(Stats.median(reusedMs), 2), percent(reused),
							Table.number(Stats.median(wholeMs), 2),
							percent(Stats.median(Stats.ratios(wholeMs, fullMs))),
							Table.number(Stats.median(deeperMs), 2),
							percent(Stats.median(Stats.ratios(deeperMs, fullMs))));
				}
				table.print(out);
				out.printf(Locale.ROOT, "largest median overhead at the full level: %s; target < %s: %s%n",
						percent(worstFull), percent(TARGET), (worstFull < TARGET) ? "met" : "MISSED");
				out.printf(Locale.ROOT, "with the system part read before: %s; target < %s: %s%n%n",
						percent(worstReused), percent(TARGET), (worstReused < TARGET) ? "met" : "MISSED");
			}
		}
		finally {
			try (var files = Files.walk(temporary)) {
				files.sorted(java.util.Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
		}
	}

	private static double timed(Runnable body) {
		long start = System.nanoTime();
		body.run();
		return (System.nanoTime() - start) / 1e6;
	}

	/** The engine's TTFT (prefill and the first token) of a prompt at a level. */
	private static double ttft(ElasticEngine engine, int[] prompt, int level) {
		return engine
			.generate(new GenerationRequest(prompt, level, 1, SamplingParams.GREEDY, List.of(), true), TokenSink.NONE)
			.ttftMs();
	}

	private static String percent(double ratio) {
		return String.format(Locale.ROOT, "%.1f%%", 100 * ratio);
	}

}
