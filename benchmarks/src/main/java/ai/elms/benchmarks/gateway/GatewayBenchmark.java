package ai.elms.benchmarks.gateway;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.elms.benchmarks.LocalPorts;
import ai.elms.benchmarks.Stats;
import ai.elms.benchmarks.Table;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the gateway costs: the latency it adds over calling a node directly (p50 and p99,
 * recording on), and its proxy throughput against nginx's, both proxying to the same fast
 * upstream. The upstream is nginx answering as a node would (ready, a latency profile, an
 * empty queue, a canned chat completion), so that neither proxy waits on a model;
 * requests alternate between the ways measured.
 */
public final class GatewayBenchmark {

	public static final String USAGE = """
			usage: java -jar benchmarks/target/benchmarks.jar gateway [options]
			  --gateway-jar FILE   the gateway (default: gateway/target/gateway.jar)
			  --gateway-jvm ARGS   the gateway's JVM options, space-separated (default: none)
			  --nginx FILE         nginx (default: /usr/sbin/nginx; Debian's nginx-light)
			  --wrk FILE           the load generator for throughput (default: /usr/bin/wrk)
			  --warmup N           seconds of load on each proxy before measuring, so that the
			                       gateway is measured after its JIT compiled (default: 30)
			  --requests N         latency: sequential requests each way (default: 3000)
			  --connections N      throughput: open connections (default: 32)
			  --seconds N          throughput: seconds per run (default: 10)
			  --rounds N           throughput: runs of each proxy, alternating (default: 3)""";

	/**
	 * Targets of the product: under 2 ms added at p99; at least half of nginx's
	 * throughput.
	 */
	static final double ADDED_P99_TARGET_MS = 2.0;

	static final double THROUGHPUT_TARGET = 0.5;

	private static final String ADMIN_KEY = "elms-benchmark-admin";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("Requests/sec:\\s+([0-9.]+)");

	private static final String COMPLETION = "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\","
			+ "\"created\":1,\"model\":\"elms-default\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
			+ "\"content\":\"set_alarm(time=07:00)\"},\"finish_reason\":\"stop\"}],"
			+ "\"usage\":{\"prompt_tokens\":120,\"completion_tokens\":8,\"total_tokens\":128},"
			+ "\"elastic\":{\"strategy\":\"elastic\",\"model_level\":0.8,\"prompt_ratio\":0.7},"
			+ "\"timings\":{\"queue_ms\":0.1,\"ttft_ms\":12.5,\"tpot_ms\":3.1,\"e2e_ms\":34.2}}";

	private static final String REQUEST = "{\"messages\":[{\"role\":\"user\",\"content\":"
			+ "\"Wake me up at seven tomorrow.\"}],\"max_tokens\":8,\"slo\":{\"ttft_ms\":100,\"tpot_ms\":10}}";

	record Options(Path gatewayJar, List<String> gatewayJvm, Path nginx, Path wrk, int warmup, int requests,
			int connections, int seconds, int rounds) {

		static Options parse(List<String> args) {
			Path gatewayJar = Path.of("gateway", "target", "gateway.jar");
			List<String> gatewayJvm = List.of();
			Path nginx = Path.of("/usr/sbin/nginx");
			Path wrk = Path.of("/usr/bin/wrk");
			int warmup = 30;
			int requests = 3000;
			int connections = 32;
			int seconds = 10;
			int rounds = 3;
			for (int i = 0; i < args.size(); i += 2) {
				if (i + 1 >= args.size()) {
					throw new IllegalArgumentException(args.get(i) + " needs a value");
				}
				String value = args.get(i + 1);
				switch (args.get(i)) {
					case "--gateway-jar" -> gatewayJar = Path.of(value);
					case "--gateway-jvm" -> gatewayJvm = List.of(value.trim().split("\\s+"));
					case "--nginx" -> nginx = Path.of(value);
					case "--wrk" -> wrk = Path.of(value);
					case "--warmup" -> warmup = Integer.parseInt(value);
					case "--requests" -> requests = Integer.parseInt(value);
					case "--connections" -> connections = Integer.parseInt(value);
					case "--seconds" -> seconds = Integer.parseInt(value);
					case "--rounds" -> rounds = Integer.parseInt(value);
					default -> throw new IllegalArgumentException("unknown option " + args.get(i));
				}
			}
			for (Path file : List.of(gatewayJar, nginx, wrk)) {
				if (!Files.isRegularFile(file)) {
					throw new IllegalArgumentException("no " + file + " (build with ./mvnw -q -DskipTests package; "
							+ "nginx and wrk are Debian's nginx-light and wrk)");
				}
			}
			return new Options(gatewayJar, gatewayJvm, nginx, wrk, warmup, requests, connections, seconds, rounds);
		}

	}

	private GatewayBenchmark() {
	}

	public static int run(List<String> args, PrintStream out) throws Exception {
		Options options = Options.parse(args);
		Path dir = Files.createTempDirectory("elms-gateway-bench");
		int upstream = LocalPorts.free();
		int proxy = LocalPorts.free();
		int gatewayPort = LocalPorts.free();
		Process nginx = null;
		Process gateway = null;
		try {
			Files.writeString(dir.resolve("nginx.conf"), nginxConfig(dir, upstream, proxy));
			nginx = new ProcessBuilder(options.nginx().toString(), "-p", dir.toString(), "-c",
					dir.resolve("nginx.conf").toString())
				.redirectErrorStream(true)
				.redirectOutput(dir.resolve("nginx.log").toFile())
				.start();
			String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
			List<String> command = new ArrayList<>(List.of(java));
			command.addAll(options.gatewayJvm());
			command.addAll(List.of("-jar", options.gatewayJar().toString(), "--server.port=" + gatewayPort,
					"--elms.gateway.nodes=http://127.0.0.1:" + upstream, "--elms.gateway.admin-key=" + ADMIN_KEY,
					"--elms.gateway.rate-limit.requests-per-second=1000000000",
					"--elms.gateway.rate-limit.burst=1000000000",
					"--spring.datasource.url=jdbc:h2:file:" + dir.resolve("records") + ";DB_CLOSE_ON_EXIT=FALSE"));
			gateway = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(dir.resolve("gateway.log").toFile())
				.start();
			HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
			URI direct = URI.create("http://127.0.0.1:" + upstream + "/v1/chat/completions");
			URI viaNginx = URI.create("http://127.0.0.1:" + proxy + "/v1/chat/completions");
			URI viaGateway = URI.create("http://127.0.0.1:" + gatewayPort + "/v1/chat/completions");
			awaitGateway(http, gatewayPort, upstream, gateway, dir);
			String key = teamKey(http, gatewayPort);

			out.printf(Locale.ROOT, "upstream: nginx answering as a node; nginx %s and the gateway proxy to it%n%n",
					version(options.nginx()));
			Path script = dir.resolve("post.lua");
			Files.writeString(script,
					"wrk.method = \"POST\"\nwrk.body = '" + REQUEST + "'\n"
							+ "wrk.headers[\"Content-Type\"] = \"application/json\"\n"
							+ "wrk.headers[\"Authorization\"] = \"Bearer " + key + "\"\n");
			if (options.warmup() > 0) {
				throughput(options.wrk(), options.connections(), options.warmup(), script, viaNginx);
				throughput(options.wrk(), options.connections(), options.warmup(), script, viaGateway);
			}
			double[][] latency = latency(http, key, options.requests(), direct, viaNginx, viaGateway);
			Table latencyTable = new Table(String.format(Locale.ROOT,
					"latency, %d sequential requests each way, alternating (ms)", options.requests()), "way", "p50",
					"p90", "p99", "added p50", "added p99");
			String[] ways = { "direct to the upstream", "through nginx", "through the gateway (recording)" };
			for (int w = 0; w < 3; w++) {
				double[] sorted = latency[w].clone();
				Arrays.sort(sorted);
				double[] base = latency[0].clone();
				Arrays.sort(base);
				latencyTable.row(ways[w], ms(rank(sorted, 0.5)), ms(rank(sorted, 0.9)), ms(rank(sorted, 0.99)),
						(w == 0) ? "" : ms(rank(sorted, 0.5) - rank(base, 0.5)),
						(w == 0) ? "" : ms(rank(sorted, 0.99) - rank(base, 0.99)));
			}
			latencyTable.print(out);
			double[] gatewaySorted = latency[2].clone();
			Arrays.sort(gatewaySorted);
			double[] directSorted = latency[0].clone();
			Arrays.sort(directSorted);
			double addedP99 = rank(gatewaySorted, 0.99) - rank(directSorted, 0.99);

			double[] nginxRps = new double[options.rounds()];
			double[] gatewayRps = new double[options.rounds()];
			for (int r = 0; r < options.rounds(); r++) {
				nginxRps[r] = throughput(options.wrk(), options.connections(), options.seconds(), script, viaNginx);
				gatewayRps[r] = throughput(options.wrk(), options.connections(), options.seconds(), script, viaGateway);
			}
			double ratio = Stats.median(gatewayRps) / Stats.median(nginxRps);
			Table throughputTable = new Table(String.format(Locale.ROOT,
					"throughput, wrk -t2 -c%d, %d s runs, %d each alternating (requests/s, medians)",
					options.connections(), options.seconds(), options.rounds()), "proxy", "median", "runs");
			throughputTable.row("nginx", String.format(Locale.ROOT, "%.0f", Stats.median(nginxRps)),
					Arrays.toString(round(nginxRps)));
			throughputTable.row("gateway (recording)", String.format(Locale.ROOT, "%.0f", Stats.median(gatewayRps)),
					Arrays.toString(round(gatewayRps)));
			throughputTable.print(out);
			long records = records(http, gatewayPort);
			out.printf(Locale.ROOT, "%nrecords written by the gateway: %,d%n", records);
			out.printf(Locale.ROOT, "added latency at p99: %.2f ms; target < %.1f ms: %s%n", addedP99 / 1e6,
					ADDED_P99_TARGET_MS, (addedP99 / 1e6 < ADDED_P99_TARGET_MS) ? "met" : "MISSED");
			out.printf(Locale.ROOT, "gateway / nginx throughput: %.2f; target >= %.2f: %s%n", ratio, THROUGHPUT_TARGET,
					(ratio >= THROUGHPUT_TARGET) ? "met" : "MISSED");
			return 0;
		}
		finally {
			if (gateway != null) {
				gateway.destroy();
				gateway.waitFor();
			}
			if (nginx != null) {
				nginx.destroy();
				nginx.waitFor();
			}
		}
	}

	/** Latencies in ns of the three ways, requests interleaved: [way][request]. */
	private static double[][] latency(HttpClient http, String key, int requests, URI... ways)
			throws IOException, InterruptedException {
		double[][] nanos = new double[ways.length][requests];
		for (int warm = 0; warm < 500; warm++) {
			for (URI way : ways) {
				send(http, key, way);
			}
		}
		for (int i = 0; i < requests; i++) {
			for (int w = 0; w < ways.length; w++) {
				int way = (w + i) % ways.length;
				long start = System.nanoTime();
				send(http, key, ways[way]);
				nanos[way][i] = System.nanoTime() - start;
			}
		}
		return nanos;
	}

	private static void send(HttpClient http, String key, URI uri) throws IOException, InterruptedException {
		HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri)
			.header("Content-Type", "application/json")
			.header("Authorization", "Bearer " + key)
			.POST(HttpRequest.BodyPublishers.ofString(REQUEST))
			.build(), HttpResponse.BodyHandlers.ofByteArray());
		if (response.statusCode() != 200) {
			throw new IllegalStateException(uri + " answered " + response.statusCode() + ": "
					+ new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
		}
	}

	private static double throughput(Path wrkFile, int connections, int seconds, Path script, URI uri)
			throws IOException, InterruptedException {
		Process wrk = new ProcessBuilder(wrkFile.toString(), "-t2", "-c" + connections, "-d" + seconds + "s", "-s",
				script.toString(), uri.toString())
			.redirectErrorStream(true)
			.start();
		String output = new String(wrk.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		wrk.waitFor();
		Matcher matcher = REQUESTS_PER_SECOND.matcher(output);
		if (!matcher.find() || output.contains("Non-2xx")) {
			throw new IllegalStateException("wrk against " + uri + " failed:\n" + output);
		}
		return Double.parseDouble(matcher.group(1));
	}

	private static void awaitGateway(HttpClient http, int port, int upstream, Process gateway, Path dir)
			throws IOException, InterruptedException {
		long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
		while (true) {
			try {
				HttpResponse<String> nodes = http
					.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/admin/nodes"))
						.header("Authorization", "Bearer " + ADMIN_KEY)
						.build(), HttpResponse.BodyHandlers.ofString());
				if (nodes.statusCode() == 200 && nodes.body().contains("\"available\":true")) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			if (System.nanoTime() > deadline || !gateway.isAlive()) {
				throw new IllegalStateException("the gateway did not see the upstream (port " + upstream + "):\n"
						+ Files.readString(dir.resolve("gateway.log")));
			}
			Thread.sleep(200);
		}
	}

	private static String teamKey(HttpClient http, int port) throws IOException, InterruptedException {
		HttpResponse<String> created = http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/admin/teams"))
				.header("Authorization", "Bearer " + ADMIN_KEY)
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"benchmark\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		return JSON.readTree(created.body()).get("key").asString();
	}

	private static long records(HttpClient http, int port) throws IOException, InterruptedException {
		Thread.sleep(2000);
		HttpResponse<String> results = http
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/results?size=1"))
				.header("Authorization", "Bearer " + ADMIN_KEY)
				.build(), HttpResponse.BodyHandlers.ofString());
		JsonNode page = JSON.readTree(results.body());
		return page.get("total").asLong();
	}

	private static String nginxConfig(Path dir, int upstream, int proxy) throws IOException {
		String profile = "{\"device\":{\"cpu_model\":\"bench\",\"cores\":2},\"package_hash\":\"bench\",\"threads\":1,"
				+ "\"levels\":[{\"index\":0,\"share\":0.2,\"parameters\":1000},{\"index\":1,\"share\":1.0,"
				+ "\"parameters\":5000}],\"buckets\":[16,1024],\"ttft_ms\":[[2.0,20.0],[5.0,50.0]],"
				+ "\"tpot_ms\":[1.0,3.0],\"measured_at\":\"2026-01-01T00:00:00Z\"}";
		Files.createDirectories(dir.resolve("temp"));
		return """
				worker_processes auto;
				daemon off;
				pid %1$s/nginx.pid;
				error_log stderr warn;
				events { worker_connections 4096; }
				http {
				  access_log off;
				  client_body_temp_path %1$s/temp/body;
				  proxy_temp_path %1$s/temp/proxy;
				  fastcgi_temp_path %1$s/temp/fastcgi;
				  uwsgi_temp_path %1$s/temp/uwsgi;
				  scgi_temp_path %1$s/temp/scgi;
				  upstream node { server 127.0.0.1:%2$d; keepalive 64; }
				  server {
				    listen 127.0.0.1:%2$d;
				    keepalive_requests 1000000;
				    location = /v1/chat/completions { default_type application/json; return 200 '%4$s'; }
				    location = /actuator/health/readiness { default_type application/json; return 200 '{"status":"UP"}'; }
				    location = /actuator/prometheus { default_type text/plain; return 200 'elms_num_requests_waiting 0\\nelms_num_requests_running 0\\n'; }
				    location = /v1/elastic/profile { default_type application/json; return 200 '%5$s'; }
				  }
				  server {
				    listen 127.0.0.1:%3$d;
				    keepalive_requests 1000000;
				    location / {
				      proxy_pass http://node;
				      proxy_http_version 1.1;
				      proxy_set_header Connection "";
				    }
				  }
				}
				"""
			.formatted(dir, upstream, proxy, COMPLETION, profile);
	}

	private static String version(Path nginx) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(nginx.toString(), "-v").redirectErrorStream(true).start();
		String text = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
			.strip();
		process.waitFor();
		return text.replace("nginx version: ", "");
	}

	private static double rank(double[] sorted, double q) {
		int index = (int) Math.ceil(q * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
	}

	private static String ms(double nanos) {
		return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
	}

	private static long[] round(double[] values) {
		return Arrays.stream(values).mapToLong(Math::round).toArray();
	}

}
