package ai.elms.benchmarks.startup;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import ai.elms.benchmarks.LocalPorts;
import ai.elms.benchmarks.Stats;
import ai.elms.benchmarks.Table;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Starts inference nodes one after the other (each node jar in turn, so that two builds
 * are compared side by side), waits until each is ready, and sends it a request over and
 * over with an SLO: how far its first requests are from the ones after them.
 */
public final class NodeStartBenchmark {

	public static final String USAGE = """
			usage: java -jar benchmarks/target/benchmarks.jar startup [options]
			  --node-jars FILES   inference node jars, comma-separated, started in turn
			                      (default: inference-node/target/inference-node.jar)
			  --node-args ARGS    the nodes' own options, space-separated (default: none)
			  --starts N          starts of each jar (default: 3)
			  --requests N        requests after each start, one at a time (default: 20)
			  --request FILE      the chat request sent (default: docs/examples/function-call.json)
			  --ttft-ms X         its TTFT SLO (default: 20)
			  --tpot-ms X         its TPOT SLO (default: 5)""";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private NodeStartBenchmark() {
	}

	record Options(List<Path> nodeJars, List<String> nodeArgs, int starts, int requests, Path request, double ttftMs,
			double tpotMs) {

		static Options parse(List<String> args) {
			List<Path> jars = List.of(Path.of("inference-node/target/inference-node.jar"));
			List<String> nodeArgs = List.of();
			int starts = 3;
			int requests = 20;
			Path request = Path.of("docs/examples/function-call.json");
			double ttft = 20;
			double tpot = 5;
			for (int i = 0; i < args.size(); i += 2) {
				if (i + 1 >= args.size()) {
					throw new IllegalArgumentException("option " + args.get(i) + " needs a value");
				}
				String value = args.get(i + 1);
				switch (args.get(i)) {
					case "--node-jars" -> jars = Arrays.stream(value.split(",")).map(Path::of).toList();
					case "--node-args" -> nodeArgs = value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
					case "--starts" -> starts = positive(args.get(i), value);
					case "--requests" -> requests = positive(args.get(i), value);
					case "--request" -> request = Path.of(value);
					case "--ttft-ms" -> ttft = Double.parseDouble(value);
					case "--tpot-ms" -> tpot = Double.parseDouble(value);
					default -> throw new IllegalArgumentException("unknown option " + args.get(i));
				}
			}
			for (Path file : jars) {
				requireFile("--node-jars", file);
			}
			requireFile("--request", request);
			return new Options(jars, nodeArgs, starts, requests, request, ttft, tpot);
		}

		private static void requireFile(String option, Path file) {
			if (!Files.isRegularFile(file)) {
				throw new IllegalArgumentException(option + ": no file " + file);
			}
		}

		private static int positive(String option, String value) {
			int n = Integer.parseInt(value);
			if (n < 1) {
				throw new IllegalArgumentException(option + " must be at least 1, not " + value);
			}
			return n;
		}

	}

	/** What one request's answer reports. */
	record Served(double ttftMs, double queueMs, double tinyModelMs, boolean sloMet) {
	}

	public static int run(List<String> args, PrintStream out) throws IOException, InterruptedException {
		Options options = Options.parse(args);
		byte[] body = Files.readAllBytes(options.request());
		HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
		Table table = new Table(String.format(Locale.ROOT,
				"each start: the first request, then the median of the %d after it (SLO %.0f ms TTFT, %.0f ms TPOT)",
				options.requests() - 1, options.ttftMs(), options.tpotMs()), "node jar", "start", "ready after s",
				"first TTFT", "first queue", "first tiny model", "then TTFT", "SLO met");
		List<List<Double>> firstTtfts = new ArrayList<>();
		options.nodeJars().forEach((jar) -> firstTtfts.add(new ArrayList<>()));
		// one profile cache for every start: each start after the first is a restart
		Path cache = Files.createTempDirectory("elms-startup-bench");
		for (int start = 0; start < options.starts(); start++) {
			for (int j = 0; j < options.nodeJars().size(); j++) {
				Path jar = options.nodeJars().get(j);
				List<Served> served = new ArrayList<>();
				double readySeconds = startAndServe(http, jar, options, cache, body, served);
				double[] after = served.stream().skip(1).mapToDouble(Served::ttftMs).toArray();
				Served first = served.get(0);
				firstTtfts.get(j).add(first.ttftMs());
				table.row(jar.toString(), start + 1, String.format(Locale.ROOT, "%.1f", readySeconds),
						ms(first.ttftMs()), ms(first.queueMs()), ms(first.tinyModelMs()),
						(after.length > 0) ? ms(Stats.median(after)) : "-",
						served.stream().filter(Served::sloMet).count() + "/" + served.size());
			}
		}
		table.print(out);
		for (int j = 0; j < options.nodeJars().size(); j++) {
			out.printf(Locale.ROOT, "%s: first request's TTFT, median of %d starts: %s ms%n", options.nodeJars().get(j),
					options.starts(),
					ms(Stats.median(firstTtfts.get(j).stream().mapToDouble(Double::doubleValue).toArray())));
		}
		return 0;
	}

	private static double startAndServe(HttpClient http, Path jar, Options options, Path cache, byte[] body,
			List<Served> served) throws IOException, InterruptedException {
		int port = LocalPorts.free();
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(
				List.of(java, "-jar", jar.toString(), "--server.port=" + port, "--elms.cache-dir=" + cache));
		command.addAll(options.nodeArgs());
		Path log = Files.createTempFile("elms-node", ".log");
		long started = System.nanoTime();
		Process node = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		try {
			awaitReady(http, port, node, log);
			double readySeconds = (System.nanoTime() - started) / 1e9;
			URI uri = URI.create("http://127.0.0.1:" + port + "/v1/chat/completions");
			for (int r = 0; r < options.requests(); r++) {
				HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri)
					.header("Content-Type", "application/json")
					.header("x-slo-ttft-ms", String.valueOf(options.ttftMs()))
					.header("x-slo-tpot-ms", String.valueOf(options.tpotMs()))
					.POST(HttpRequest.BodyPublishers.ofByteArray(body))
					.build(), HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() != 200) {
					throw new IOException("the node answered " + response.statusCode() + ": " + response.body());
				}
				JsonNode answer = JSON.readTree(response.body());
				JsonNode timings = answer.get("timings");
				JsonNode tiny = answer.get("elastic").get("tiny_model_ms");
				served.add(new Served(timings.get("ttft_ms").asDouble(), timings.get("queue_ms").asDouble(),
						(tiny != null && !tiny.isNull()) ? tiny.asDouble() : 0,
						timings.get("slo_ttft_met").asBoolean() && timings.get("slo_tpot_met").asBoolean()));
			}
			return readySeconds;
		}
		finally {
			node.destroy();
			node.waitFor();
			Files.deleteIfExists(log);
		}
	}

	private static void awaitReady(HttpClient http, int port, Process node, Path log)
			throws IOException, InterruptedException {
		URI readiness = URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness");
		long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
		while (System.nanoTime() < deadline) {
			if (!node.isAlive()) {
				throw new IOException("the node stopped: " + Files.readString(log));
			}
			try {
				if (http.send(HttpRequest.newBuilder(readiness).build(), HttpResponse.BodyHandlers.discarding())
					.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(50);
		}
		throw new IOException("the node was not ready within 3 minutes");
	}

	private static String ms(double value) {
		return String.format(Locale.ROOT, "%.1f", value);
	}

}
