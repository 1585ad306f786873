package ai.elms.benchmarks.decode;

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
import ai.elms.engine.GenerationResult;
import ai.elms.engine.SamplingParams;
import ai.elms.engine.TokenSink;
import ai.elms.engine.pack.Architecture;
import ai.elms.engine.text.Tokenizer;
import ai.onnxruntime.OrtException;

/**
 * Decode speed: greedy tokens per second after the first token, of
 * {@link ElasticEngine#generate} against {@link BareDecodeLoop} over the same session,
 * run after run with the order alternating; and both against the bandwidth limit, the
 * weight bytes a decode step reads divided by a copy bandwidth measured in the same run.
 */
public final class DecodeBenchmark {

	/** The target: the engine decodes at least 95% as fast as the bare loop. */
	static final double TARGET_RATIO = 0.95;

	static final List<Double> DEFAULT_LEVELS = List.of(0.2, 1.0);

	private static final int COPY_REPEATS = 5;

	/** Decode runs per level and loop when {@code --runs} is not given. */
	static final int DEFAULT_RUNS = 15;

	private static final int WARMUP_TOKENS = 8;

	private DecodeBenchmark() {
	}

	public static void run(BenchmarkOptions options, PrintStream out)
			throws IOException, InterruptedException, OrtException {
		Path dir = BenchmarkPackages.resolve(options, out);
		CopyBandwidth bandwidth = CopyBandwidth.measure(options.copyMib(), options.threads(), COPY_REPEATS);
		// the two copy buffers are garbage now; free them before the engine maps its
		// weights
		System.gc();
		List<Double> shares = options.levelsOr(DEFAULT_LEVELS);
		EngineOptions engineOptions = EngineOptions.DEFAULTS.withThreads(options.threads()).withLevels(shares);
		int runs = options.runsOr(DEFAULT_RUNS);
		List<LevelSpeed> speeds = new ArrayList<>();
		String title;
		try (ElasticEngine engine = ElasticEngine.open(dir, engineOptions);
				Tokenizer tokenizer = Tokenizer.load(dir.resolve(engine.manifest().tokenizer()))) {
			int[] prompt = engine.encode(options.prompt());
			title = String.format(Locale.ROOT,
					"decode: tokens/s after the first token, engine vs bare loop over the same session (%s, threads %d, "
							+ "prompt %d tokens, %d new tokens, %d runs, medians)",
					engine.manifest().name(), options.threads(), prompt.length, options.tokens(), runs);
			for (ElasticLevel level : engine.levels()) {
				speeds.add(measure(engine, tokenizer, prompt, level, options.tokens(), runs));
			}
			bandwidth = bandwidth.best(CopyBandwidth.measure(options.copyMib(), options.threads(), COPY_REPEATS));
			Architecture arch = engine.manifest().architecture();
			Table table = new Table(title, "level", "weight_MB_per_token", "engine_tok_s", "bare_tok_s", "engine/bare",
					"engine/bare_95ci", "limit_tok_s", "engine_share", "bare_share", "same_tokens");
			List<String> verdicts = new ArrayList<>();
			for (LevelSpeed speed : speeds) {
				double[] ratios = Stats.ratios(speed.engineRates(), speed.bareRates());
				double ratio = Stats.median(ratios);
				double[] interval = Stats.medianInterval95(ratios);
				long weightBytes = weightBytesPerToken(arch, speed.level().parameters());
				double limit = bandwidth.readWriteBytesPerSecond() / weightBytes;
				double engineRate = Stats.median(speed.engineRates());
				double bareRate = Stats.median(speed.bareRates());
				String share = Table.number(speed.level().share(), 1);
				table.row(share, Table.number(weightBytes / 1e6, 1), Table.number(engineRate, 2),
						Table.number(bareRate, 2), Table.number(ratio, 4),
						Table.number(interval[0], 4) + ".." + Table.number(interval[1], 4), Table.number(limit, 2),
						Table.number(engineRate / limit, 3), Table.number(bareRate / limit, 3),
						speed.sameTokens() ? "yes" : "NO");
				verdicts.add("level " + share + " " + ((ratio >= TARGET_RATIO) ? "met" : "MISSED"));
			}
			out.printf(Locale.ROOT,
					"copy bandwidth (%d MiB direct buffer, %d threads, best of %d copies before and after): %s GB/s "
							+ "copied, %s GB/s read+write; the limit counts read+write%n",
					options.copyMib(), options.threads(), bandwidth.copies(),
					Table.number(bandwidth.copyBytesPerSecond() / 1e9, 2),
					Table.number(bandwidth.readWriteBytesPerSecond() / 1e9, 2));
			table.print(out);
			out.printf("decode engine/bare target >= %s: %s%n%n", Table.number(TARGET_RATIO, 2),
					String.join(", ", verdicts));
		}
	}

	/** Runs the engine and the bare loop in turn, alternating which goes first. */
	private static LevelSpeed measure(ElasticEngine engine, Tokenizer tokenizer, int[] prompt, ElasticLevel level,
			int tokens, int runs) throws OrtException {
		try (BareDecodeLoop bare = BareDecodeLoop.over(engine, level.index())) {
			generate(engine, prompt, level.index(), WARMUP_TOKENS);
			bare.decode(prompt, WARMUP_TOKENS);
			double[] engineRates = new double[runs];
			double[] bareRates = new double[runs];
			boolean sameTokens = true;
			for (int run = 0; run < runs; run++) {
				GenerationResult generated;
				BareDecodeLoop.Decode decoded;
				if (run % 2 == 0) {
					generated = generate(engine, prompt, level.index(), tokens);
					decoded = bare.decode(prompt, tokens);
				}
				else {
					decoded = bare.decode(prompt, tokens);
					generated = generate(engine, prompt, level.index(), tokens);
				}
				engineRates[run] = (generated.completionTokens() - 1) / (generated.decodeMs() / 1e3);
				bareRates[run] = decoded.tokensPerSecond();
				sameTokens &= sameText(generated, decoded, tokenizer);
			}
			return new LevelSpeed(level, engineRates, bareRates, sameTokens);
		}
	}

	/**
	 * Weight bytes one decode step reads: every projection at the level's width, the
	 * norms, the output head in full and one row of the embedding. The package's
	 * parameter count holds the embedding once (and the head when it is untied), so a
	 * tied head adds only the gathered row and an untied one replaces the embedding by
	 * that row. The KV cache is not counted (under 0.1% of the weights at these lengths).
	 */
	static long weightBytesPerToken(Architecture arch, long levelParameters) {
		long embedding = (long) arch.vocabSize() * arch.hiddenSize();
		long read = arch.tieEmbeddings() ? levelParameters + arch.hiddenSize()
				: levelParameters - embedding + arch.hiddenSize();
		return read * Float.BYTES;
	}

	private static GenerationResult generate(ElasticEngine engine, int[] prompt, int level, int tokens) {
		// exact length: the bare loop runs the same number of steps whatever token comes
		// out
		return engine.generate(new GenerationRequest(prompt, level, tokens, SamplingParams.GREEDY, List.of(), true),
				TokenSink.NONE);
	}

	/**
	 * Whether both produced the same greedy text: a check that the bare loop does the
	 * same work. Only the tokens the engine produced count, and a trailing incomplete
	 * character, which the engine holds back, is ignored.
	 */
	private static boolean sameText(GenerationResult generated, BareDecodeLoop.Decode decoded, Tokenizer tokenizer) {
		String bare = tokenizer.decode(decoded.tokens(), 0, generated.completionTokens());
		return stripIncomplete(bare).equals(stripIncomplete(generated.text()));
	}

	private static String stripIncomplete(String text) {
		int end = text.length();
		while (end > 0 && text.charAt(end - 1) == '\uFFFD') {
			end--;
		}
		return text.substring(0, end);
	}

	/**
	 * The runs of one level.
	 *
	 * @param level the level
	 * @param engineRates tokens/s of each engine run
	 * @param bareRates tokens/s of each bare loop run, paired with the engine's
	 * @param sameTokens whether every bare run produced the engine's text
	 */
	private record LevelSpeed(ElasticLevel level, double[] engineRates, double[] bareRates, boolean sameTokens) {

	}

}
