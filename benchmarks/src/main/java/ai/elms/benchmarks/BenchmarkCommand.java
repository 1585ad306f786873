package ai.elms.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import ai.elms.benchmarks.gateway.GatewayBenchmark;
import ai.elms.benchmarks.decode.DecodeBenchmark;
import ai.elms.benchmarks.memory.MemoryBenchmark;
import ai.elms.benchmarks.memory.MemoryProbe;
import ai.elms.benchmarks.slo.SloEvaluation;
import ai.elms.benchmarks.startup.NodeStartBenchmark;
import ai.elms.benchmarks.switching.SwitchingBenchmark;
import ai.elms.benchmarks.tlm.TinyModelOverheadBenchmark;
import ai.elms.benchmarks.tokenize.TokenizeBenchmark;

/**
 * {@code java -jar benchmarks.jar SUBCOMMAND [options]}: measures the engine's elastic
 * claims and prints plain tables. {@code memory-probe} is internal: the memory benchmark
 * runs it in child processes.
 */
public final class BenchmarkCommand {

	static final String USAGE = """
			usage: java -jar benchmarks/target/benchmarks.jar SUBCOMMAND [options]
			subcommands:
			  switching   TTFT right after a request at another level vs at the same level (target: < 1% extra)
			  memory      resident memory holding all 9 levels vs only the full level (target: <= 1.10x)
			  decode      decode tokens/s of the engine vs a bare loop over the same ONNX session
			              (target: >= 0.95x), and as a share of the memory-bandwidth limit
			  tlm         the tiny model's time against the LLM's TTFT on the same prompt (target: < 5% at the
			              full level)
			  tokenize    tokenizing a chat request with a new and with a repeated system prompt, against the
			              LLM's TTFT on it
			  all         switching, memory, decode and tlm in turn
			  slo         drives a running node over HTTP with the task sets under the publication's SLOs, for
			              each strategy (its own options: slo --help)
			  gateway     the latency the gateway adds and its throughput against nginx's, proxying to one
			              fast upstream (its own options: gateway --help)
			  startup     starts nodes and times their first requests against the ones after them (its own
			              options: startup --help)
			""" + BenchmarkOptions.USAGE;

	/** A subcommand that parses options of its own. */
	private record OwnOptions(String usage, Subcommand command) {
	}

	private interface Subcommand {

		int run(List<String> args, PrintStream out) throws Exception;

	}

	private static final Map<String, OwnOptions> OWN_OPTIONS = Map.of("slo",
			new OwnOptions(SloEvaluation.USAGE, SloEvaluation::run), "gateway",
			new OwnOptions(GatewayBenchmark.USAGE, GatewayBenchmark::run), "startup",
			new OwnOptions(NodeStartBenchmark.USAGE, NodeStartBenchmark::run));

	private BenchmarkCommand() {
	}

	public static void main(String[] args) throws Exception {
		int status = run(args, System.out);
		if (status != 0) {
			System.exit(status);
		}
	}

	/**
	 * Runs one subcommand, printing its tables to {@code out}; returns the exit status.
	 */
	public static int run(String[] args, PrintStream out) throws Exception {
		if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
			out.println(USAGE);
			return (args.length == 0) ? 2 : 0;
		}
		OwnOptions own = OWN_OPTIONS.get(args[0]);
		if (own != null) {
			List<String> rest = Arrays.asList(args).subList(1, args.length);
			if (rest.contains("--help")) {
				out.println(own.usage());
				return 0;
			}
			out.println("# machine: " + Machine.current().describe());
			out.println("# command: " + String.join(" ", args));
			out.println();
			try {
				return own.command().run(rest, out);
			}
			catch (IllegalArgumentException ex) {
				// its options, refused while parsing
				System.err.println(ex.getMessage());
				System.err.println(own.usage());
				return 2;
			}
		}
		BenchmarkOptions options;
		try {
			options = BenchmarkOptions.parse(Arrays.asList(args).subList(1, args.length));
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.err.println(USAGE);
			return 2;
		}
		if (!args[0].equals(MemoryProbe.SUBCOMMAND)) {
			out.println("# machine: " + Machine.current().describe());
			out.println("# command: " + String.join(" ", args));
			out.println();
		}
		switch (args[0]) {
			case "switching" -> SwitchingBenchmark.run(options, out);
			case "memory" -> MemoryBenchmark.run(options, out);
			case "decode" -> DecodeBenchmark.run(options, out);
			case "tlm" -> TinyModelOverheadBenchmark.run(options, out);
			case "tokenize" -> TokenizeBenchmark.run(options, out);
			case "all" -> {
				SwitchingBenchmark.run(options, out);
				MemoryBenchmark.run(options, out);
				DecodeBenchmark.run(options, out);
				TinyModelOverheadBenchmark.run(options, out);
			}
			case MemoryProbe.SUBCOMMAND -> MemoryProbe.run(options, out);
			default -> {
				System.err.println("unknown subcommand " + args[0]);
				System.err.println(USAGE);
				return 2;
			}
		}
		return 0;
	}

	/**
	 * The arguments that run {@code subcommand} in a child JVM on the same class path.
	 */
	public static List<String> childCommand(String subcommand, List<String> options) {
		String java = ProcessHandle.current().info().command().orElse("java");
		List<String> command = new ArrayList<>(List.of(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
				BenchmarkCommand.class.getName(), subcommand));
		command.addAll(options);
		return command;
	}

}
