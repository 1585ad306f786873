package ai.elms.benchmarks.memory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ai.elms.benchmarks.BenchmarkCommand;
import ai.elms.benchmarks.BenchmarkOptions;
import ai.elms.benchmarks.BenchmarkPackages;
import ai.elms.benchmarks.Stats;
import ai.elms.benchmarks.Table;

/**
 * Memory: resident memory of a process holding all levels against one holding only the
 * full level. Each is a fresh child JVM running {@link MemoryProbe}, so neither inherits
 * the other's allocations; both run one request per level they hold before measuring.
 */
public final class MemoryBenchmark {

	/** The published claim: memory on par with the single full model. */
	static final double TARGET_RATIO = 1.10;

	/**
	 * Tokens of the request each probe runs per level: prefill plus a few decode steps.
	 */
	static final int PROBE_TOKENS = 8;

	private static final double KB_PER_MB = 1024;

	private MemoryBenchmark() {
	}

	public static void run(BenchmarkOptions options, PrintStream out) throws IOException, InterruptedException {
		Path dir = BenchmarkPackages.resolve(options, out);
		int runs = options.runsOr(1);
		List<Map<String, Long>> full = new ArrayList<>();
		List<Map<String, Long>> all = new ArrayList<>();
		for (int run = 0; run < runs; run++) {
			// alternate which condition goes first, so page-cache warmth favours neither
			if (run % 2 == 0) {
				full.add(probe(options, dir, List.of(1.0)));
				all.add(probe(options, dir, List.of()));
			}
			else {
				all.add(probe(options, dir, List.of()));
				full.add(probe(options, dir, List.of(1.0)));
			}
		}
		Table table = new Table(String.format(Locale.ROOT,
				"memory: resident memory after one %d-token request per held level (threads %d, %d process(es) per "
						+ "condition, medians, MB)",
				PROBE_TOKENS, options.threads(), runs), "process", "levels", "VmRSS", "VmHWM", "RssAnon", "RssFile",
				"rss_before_open", "rss_engine");
		row(table, "full level only", full);
		row(table, "all levels", all);
		table.print(out);
		double rssRatio = median(all, "vm_rss_kb") / median(full, "vm_rss_kb");
		double hwmRatio = median(all, "vm_hwm_kb") / median(full, "vm_hwm_kb");
		double engineRatio = median(all, "engine_kb") / median(full, "engine_kb");
		double extraSessions = median(all, "levels") - median(full, "levels");
		double perSessionKb = (extraSessions > 0)
				? (median(all, "vm_rss_kb") - median(full, "vm_rss_kb")) / extraSessions : 0;
		out.printf(
				"memory ratio all/full: VmRSS %s, VmHWM %s, engine part (VmRSS - before open) %s; "
						+ "each extra level session adds %s MB; target <= %s: %s%n%n",
				Table.number(rssRatio, 3), Table.number(hwmRatio, 3), Table.number(engineRatio, 3), mb(perSessionKb),
				Table.number(TARGET_RATIO, 2), (Math.max(rssRatio, hwmRatio) <= TARGET_RATIO) ? "met" : "MISSED");
	}

	private static void row(Table table, String name, List<Map<String, Long>> probes) {
		table.row(name, Math.round(median(probes, "levels")), mb(median(probes, "vm_rss_kb")),
				mb(median(probes, "vm_hwm_kb")), mb(median(probes, "rss_anon_kb")), mb(median(probes, "rss_file_kb")),
				mb(median(probes, "before_open_rss_kb")), mb(median(probes, "engine_kb")));
	}

	private static Map<String, Long> probe(BenchmarkOptions options, Path dir, List<Double> levels)
			throws IOException, InterruptedException {
		List<String> command = BenchmarkCommand.childCommand(MemoryProbe.SUBCOMMAND,
				List.of("--package", dir.toString(), "--threads", Integer.toString(options.threads()), "--levels",
						BenchmarkOptions.formatShares(levels), "--tokens", Integer.toString(PROBE_TOKENS), "--prompt",
						options.prompt()));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		int status = process.waitFor();
		String line = output.lines().filter((l) -> l.startsWith(MemoryProbe.SUBCOMMAND + " ")).findFirst().orElse(null);
		if (status != 0 || line == null) {
			throw new IOException("the memory probe failed (exit " + status + "):\n" + output);
		}
		Map<String, Long> values = MemoryProbe.parse(line);
		values.put("engine_kb", values.get("vm_rss_kb") - values.get("before_open_rss_kb"));
		return values;
	}

	private static double median(List<Map<String, Long>> probes, String key) {
		return Stats.median(probes.stream().mapToDouble((probe) -> probe.get(key)).toArray());
	}

	private static String mb(double kb) {
		return Table.number(kb / KB_PER_MB, 1);
	}

}
