package ai.elms.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The options every subcommand reads; each has a default, so any can be left out.
 *
 * @param shape generated package shape to measure: tiny, default or realistic
 * @param packageDir an existing package to measure instead of a generated one;
 * {@code null} means generate (or reuse) the shape
 * @param packagesDir where generated packages are cached
 * @param seed seed of generated packages
 * @param threads intra-op threads of ONNX Runtime
 * @param pairs switching: measured pairs per level
 * @param runs decode: runs per level and loop; memory: child processes per condition; 0
 * means the subcommand's default
 * @param tokens decode: tokens to generate per run
 * @param levels shares of the levels to measure; empty means the subcommand's default
 * @param copyMib decode: size of the buffer copied to measure memory bandwidth
 * @param prompt the fixed short prompt of every request
 * @param flushMib switching: evict the CPU caches with a buffer of this size before every
 * measured request; 0 means never
 * @param bareLoop switching: measure bare {@code session.run} calls on the engine's
 * sessions instead of engine requests
 */
public record BenchmarkOptions(String shape, Path packageDir, Path packagesDir, long seed, int threads, int pairs,
		int runs, int tokens, List<Double> levels, int copyMib, String prompt, int flushMib, boolean bareLoop) {

	public static final String USAGE = """
			options (all optional):
			  --shape tiny|default|realistic   generated package to measure (default: default)
			  --package DIR                    measure an existing package instead
			  --packages-dir DIR               cache of generated packages (default: benchmarks/target/packages)
			  --seed N                         seed of generated packages (default: 42)
			  --threads N                      ONNX Runtime intra-op threads (default: 2)
			  --pairs N                        switching: pairs per level (default: 50)
			  --runs N                         decode: runs per level and loop; memory: processes per condition (default: 15 / 1)
			  --tokens N                       decode: tokens per run (default: 64)
			  --levels 0.2,1.0|all             decode: levels to measure (default: 0.2,1.0)
			  --copy-mib N                     decode: buffer copied to measure bandwidth (default: 1024)
			  --prompt TEXT                    the fixed prompt (default: a short English sentence)
			  --flush-mib N                    switching: evict CPU caches with N MiB before each measured
			                                   request, to tell cache warmth from switching cost (default: 0, off)
			  --loop engine|bare               switching: time engine requests, or bare session.run calls on
			                                   the engine's sessions (default: engine)""";

	static final String DEFAULT_PROMPT = "The quick brown fox jumps over the lazy dog.";

	public BenchmarkOptions {
		require(threads >= 1, "--threads must be at least 1");
		require(pairs >= 1, "--pairs must be at least 1");
		require(runs >= 0, "--runs must be at least 1");
		require(tokens >= 2, "--tokens must be at least 2");
		require(copyMib >= 1, "--copy-mib must be at least 1");
		require(flushMib >= 0 && flushMib < 2048, "--flush-mib must be in [0, 2048)");
		levels = List.copyOf(levels);
	}

	public static BenchmarkOptions parse(List<String> args) {
		String shape = "default";
		Path packageDir = null;
		Path packagesDir = BenchmarkPackages.defaultCache();
		long seed = 42;
		int threads = 2;
		int pairs = 50;
		int runs = 0;
		int tokens = 64;
		List<Double> levels = List.of();
		int copyMib = 1024;
		String prompt = DEFAULT_PROMPT;
		int flushMib = 0;
		boolean bareLoop = false;
		for (int i = 0; i < args.size(); i += 2) {
			String name = args.get(i);
			require(i + 1 < args.size(), "option " + name + " needs a value");
			String value = args.get(i + 1);
			switch (name) {
				case "--shape" -> shape = value;
				case "--package" -> packageDir = Path.of(value);
				case "--packages-dir" -> packagesDir = Path.of(value);
				case "--seed" -> seed = Long.parseLong(value);
				case "--threads" -> threads = Integer.parseInt(value);
				case "--pairs" -> pairs = Integer.parseInt(value);
				case "--runs" -> runs = Integer.parseInt(value);
				case "--tokens" -> tokens = Integer.parseInt(value);
				case "--levels" -> levels = shares(value);
				case "--copy-mib" -> copyMib = Integer.parseInt(value);
				case "--prompt" -> prompt = value;
				case "--flush-mib" -> flushMib = Integer.parseInt(value);
				case "--loop" -> bareLoop = switch (value) {
					case "engine" -> false;
					case "bare" -> true;
					default -> throw new IllegalArgumentException("--loop must be engine or bare");
				};
				default -> throw new IllegalArgumentException("unknown option " + name);
			}
		}
		return new BenchmarkOptions(shape, packageDir, packagesDir, seed, threads, pairs, runs, tokens, levels, copyMib,
				prompt, flushMib, bareLoop);
	}

	/** {@code --runs}, or the subcommand's default when it was not given. */
	public int runsOr(int fallback) {
		return (this.runs > 0) ? this.runs : fallback;
	}

	/** {@code --levels}, or the subcommand's default when it was not given. */
	public List<Double> levelsOr(List<Double> fallback) {
		return this.levels.isEmpty() ? fallback : this.levels;
	}

	/** The levels as an option value: comma-separated shares, or {@code all}. */
	public static String formatShares(List<Double> shares) {
		if (shares.isEmpty()) {
			return "all";
		}
		List<String> parts = new ArrayList<>();
		for (double share : shares) {
			parts.add(String.format(Locale.ROOT, "%.2f", share));
		}
		return String.join(",", parts);
	}

	private static List<Double> shares(String value) {
		if (value.equals("all")) {
			return List.of();
		}
		List<Double> shares = new ArrayList<>();
		for (String part : value.split(",")) {
			shares.add(Double.parseDouble(part.trim()));
		}
		return shares;
	}

	private static void require(boolean condition, String message) {
		if (!condition) {
			throw new IllegalArgumentException(message);
		}
	}

}
