package ai.elms.benchmarks.tokenize;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.elms.benchmarks.BenchmarkOptions;
import ai.elms.benchmarks.BenchmarkPackages;
import ai.elms.benchmarks.Stats;
import ai.elms.benchmarks.Table;
import ai.elms.engine.ElasticEngine;
import ai.elms.engine.EngineOptions;
import ai.elms.engine.GenerationRequest;
import ai.elms.engine.SamplingParams;
import ai.elms.engine.TokenSink;

/**
 * What tokenizing a prompt costs before its prefill: the engine's encoding (the ids alone
 * from the native library) beside DJL's full {@code Encoding} of the same text (ids,
 * token strings, offsets and masks), and the LLM's TTFT at the full level on the prompt,
 * runs alternating. The text is the benchmark's prompt ({@code --prompt}, English)
 * repeated to the length.
 */
public final class TokenizeBenchmark {

	static final List<Integer> PROMPT_TOKENS = List.of(256, 512, 1024);

	private TokenizeBenchmark() {
	}

	public static void run(BenchmarkOptions options, PrintStream out) throws Exception {
		Path dir = BenchmarkPackages.resolve(options, out);
		int runs = options.runsOr(31);
		try (ElasticEngine engine = ElasticEngine.open(dir,
				EngineOptions.DEFAULTS.withThreads(options.threads()).withLevels(List.of(1.0)));
				HuggingFaceTokenizer library = HuggingFaceTokenizer.newInstance(
						dir.resolve(engine.manifest().tokenizer()),
						Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"))) {
			Table table = new Table(String.format(Locale.ROOT, "tokenizing a prompt (%d runs, medians, ms)", runs),
					"tokens", "engine encode", "DJL Encoding", "ratio", "TTFT full", "engine encode / TTFT");
			int sentence = engine.encode(options.prompt() + " ").length;
			for (int length : PROMPT_TOKENS) {
				// at most the length, and room for the first token
				String text = (options.prompt() + " ").repeat(Math.max(1, (length - 1) / sentence));
				int[] prompt = engine.encode(text);
				if (prompt.length + 1 > engine.contextLength()) {
					continue;
				}
				double[] engineMs = new double[runs];
				double[] libraryMs = new double[runs];
				double[] ttftMs = new double[runs];
				ttft(engine, prompt);
				for (int r = 0; r < runs; r++) {
					long start = System.nanoTime();
					engine.encode(text);
					engineMs[r] = (System.nanoTime() - start) / 1e6;
					start = System.nanoTime();
					library.encode(text, false, false).getIds();
					libraryMs[r] = (System.nanoTime() - start) / 1e6;
					ttftMs[r] = ttft(engine, prompt);
				}
				table.row(prompt.length, Table.number(Stats.median(engineMs), 3),
						Table.number(Stats.median(libraryMs), 3),
						Table.number(Stats.median(Stats.ratios(libraryMs, engineMs)), 2),
						Table.number(Stats.median(ttftMs), 2),
						String.format(Locale.ROOT, "%.1f%%", 100 * Stats.median(Stats.ratios(engineMs, ttftMs))));
			}
			table.print(out);
			out.println();
		}
	}

	private static double ttft(ElasticEngine engine, int[] prompt) {
		return engine
			.generate(new GenerationRequest(prompt, 0, 1, SamplingParams.GREEDY, List.of(), true), TokenSink.NONE)
			.ttftMs();
	}

}
