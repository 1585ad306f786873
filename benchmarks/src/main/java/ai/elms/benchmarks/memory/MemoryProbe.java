package ai.elms.benchmarks.memory;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import ai.elms.benchmarks.BenchmarkOptions;
import ai.elms.benchmarks.BenchmarkPackages;
import ai.elms.engine.ElasticEngine;
import ai.elms.engine.ElasticLevel;
import ai.elms.engine.EngineOptions;
import ai.elms.engine.GenerationRequest;
import ai.elms.engine.SamplingParams;
import ai.elms.engine.TokenSink;

/**
 * The child process of the memory benchmark: opens the engine with the given levels, runs
 * one request on each so its sessions have allocated what serving needs, then prints one
 * line of {@code key=value} memory figures for the parent to parse.
 */
public final class MemoryProbe {

	public static final String SUBCOMMAND = "memory-probe";

	private MemoryProbe() {
	}

	public static void run(BenchmarkOptions options, PrintStream out) throws IOException {
		Path dir = BenchmarkPackages.resolve(options, System.err);
		ProcStatus beforeOpen = ProcStatus.self();
		EngineOptions engineOptions = EngineOptions.DEFAULTS.withThreads(options.threads())
			.withLevels(options.levels());
		try (ElasticEngine engine = ElasticEngine.open(dir, engineOptions)) {
			int[] prompt = engine.encode(options.prompt());
			for (ElasticLevel level : engine.levels()) {
				engine.generate(new GenerationRequest(prompt, level.index(), options.tokens(), SamplingParams.GREEDY,
						List.of()), TokenSink.NONE);
			}
			ProcStatus served = ProcStatus.self();
			out.printf(Locale.ROOT,
					"%s levels=%d vm_rss_kb=%d vm_hwm_kb=%d rss_anon_kb=%d rss_file_kb=%d before_open_rss_kb=%d%n",
					SUBCOMMAND, engine.levels().size(), served.vmRssKb(), served.vmHwmKb(), served.rssAnonKb(),
					served.rssFileKb(), beforeOpen.vmRssKb());
		}
	}

	/** Parses the line {@link #run} prints. */
	static Map<String, Long> parse(String line) {
		Map<String, Long> values = new TreeMap<>();
		for (String part : line.substring(SUBCOMMAND.length()).trim().split(" ")) {
			int equals = part.indexOf('=');
			values.put(part.substring(0, equals), Long.parseLong(part.substring(equals + 1)));
		}
		return values;
	}

}
