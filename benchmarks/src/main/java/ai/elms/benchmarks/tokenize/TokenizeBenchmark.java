package ai.elms.benchmarks.tokenize;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import ai.elms.benchmarks.BenchmarkOptions;
import ai.elms.benchmarks.BenchmarkPackages;
import ai.elms.benchmarks.Stats;
import ai.elms.benchmarks.Table;
import ai.elms.engine.ChatMessage;
import ai.elms.engine.ElasticEngine;
import ai.elms.engine.EngineOptions;
import ai.elms.engine.GenerationRequest;
import ai.elms.engine.SamplingParams;
import ai.elms.engine.TokenSink;
import ai.elms.engine.orchestration.PromptParts;

/**
 * What tokenizing a chat request costs before its prefill, as the node does it: the
 * rendered prompt, then its system and user parts to find them. Each run's user message
 * is new; its system prompt is either new too (nothing of it was encoded before) or the
 * one of the run before (an app's system prompt, repeated, whose pieces the tokenizer
 * keeps). Beside them the LLM's TTFT at the full level on the prompt, runs alternating.
 * The system prompt is the benchmark's prompt ({@code --prompt}, English) repeated to the
 * length.
 */
public final class TokenizeBenchmark {

	static final List<Integer> PROMPT_TOKENS = List.of(256, 512, 1024);

	private TokenizeBenchmark() {
	}

	public static void run(BenchmarkOptions options, PrintStream out) throws Exception {
		Path dir = BenchmarkPackages.resolve(options, out);
		int runs = options.runsOr(31);
		try (ElasticEngine engine = ElasticEngine.open(dir,
				EngineOptions.DEFAULTS.withThreads(options.threads()).withLevels(List.of(1.0)))) {
			Table table = new Table(
					String.format(Locale.ROOT, "tokenizing a chat request (%d runs, medians, ms)", runs), "tokens",
					"new system prompt", "repeated system prompt", "ratio", "TTFT full", "repeated / TTFT");
			int sentence = engine.encode(options.prompt() + " ").length;
			int run = 0;
			for (int length : PROMPT_TOKENS) {
				// at most the length, and room for the first token
				String system = (options.prompt() + " ").repeat(Math.max(1, (length - 1) / sentence - 1));
				int[] prompt = tokenize(engine, system, run++);
				if (prompt.length + 1 > engine.contextLength()) {
					continue;
				}
				double[] newMs = new double[runs];
				double[] repeatedMs = new double[runs];
				double[] ttftMs = new double[runs];
				ttft(engine, prompt);
				for (int r = 0; r < runs; r++) {
					// a different first word: none of the system prompt's pieces was
					// encoded
					String fresh = "Run " + run + ". " + system;
					long start = System.nanoTime();
					tokenize(engine, fresh, run++);
					newMs[r] = (System.nanoTime() - start) / 1e6;
					start = System.nanoTime();
					tokenize(engine, system, run++);
					repeatedMs[r] = (System.nanoTime() - start) / 1e6;
					ttftMs[r] = ttft(engine, prompt);
				}
				table.row(prompt.length, Table.number(Stats.median(newMs), 3),
						Table.number(Stats.median(repeatedMs), 3),
						Table.number(Stats.median(Stats.ratios(newMs, repeatedMs)), 2),
						Table.number(Stats.median(ttftMs), 2),
						String.format(Locale.ROOT, "%.1f%%", 100 * Stats.median(Stats.ratios(repeatedMs, ttftMs))));
			}
			table.print(out);
			out.println();
		}
	}

	/** A request's tokens, its parts found as the node finds them. */
	private static int[] tokenize(ElasticEngine engine, String system, int run) {
		String user = "Request " + run + ": open the mail.";
		int[] prompt = engine
			.encode(engine.renderChat(List.of(new ChatMessage("system", system), new ChatMessage("user", user))));
		PromptParts.locate(prompt, engine.encode(system), engine.encode(user));
		return prompt;
	}

	private static double ttft(ElasticEngine engine, int[] prompt) {
		return engine
			.generate(new GenerationRequest(prompt, 0, 1, SamplingParams.GREEDY, List.of(), true), TokenSink.NONE)
			.ttftMs();
	}

}
