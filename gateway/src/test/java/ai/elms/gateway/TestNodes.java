package ai.elms.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import ai.elms.engine.pack.PackageGenerator;
import ai.elms.engine.pack.PackageShape;

/**
 * Real inference nodes for the gateway's tests: the node's jar, each in its own process
 * on a loopback port, serving a generated package. Nodes of different package sizes run
 * at different speeds. Started once per test JVM, on first use, and stopped when it ends.
 */
final class TestNodes {

	private static final Path NODE_JAR = Path.of("..", "inference-node", "target", "inference-node.jar");

	/** Answers in a few milliseconds. */
	static final PackageShape FAST = PackageShape.TINY;

	/** Some times slower than fast. */
	static final PackageShape MEDIUM = new PackageShape("elms-medium", 128, 4, 4, 2, 32, 384, 384, 512, false);

	/** Tens of times slower than fast. */
	static final PackageShape SLOW = new PackageShape("elms-slow", 384, 6, 8, 4, 48, 1152, 384, 512, false);

	private static final Map<String, Node> NODES = new ConcurrentHashMap<>();

	private static Path root;

	private TestNodes() {
	}

	/** A running node of a package shape, started on first use under its name. */
	static synchronized URI node(String name, PackageShape shape) {
		Node node = NODES.computeIfAbsent(name, (n) -> start(n, shape));
		if (!node.process.isAlive()) {
			throw new IllegalStateException("node " + name + " was stopped");
		}
		return node.url;
	}

	/** Kills a node's process at once, as a crash would. */
	static synchronized void kill(String name) throws InterruptedException {
		Node node = NODES.get(name);
		node.process.destroyForcibly();
		node.process.waitFor();
	}

	private static Node start(String name, PackageShape shape) {
		try {
			if (root == null) {
				root = Files.createTempDirectory("elms-gateway-nodes");
				Runtime.getRuntime().addShutdownHook(new Thread(TestNodes::stopAll));
			}
			Path dir = Files.createDirectories(root.resolve(name));
			Path pack = dir.resolve("package");
			if (!Files.exists(pack.resolve("manifest.json"))) {
				PackageGenerator.generate(pack, shape, 11);
			}
			int port;
			try (ServerSocket socket = new ServerSocket(0)) {
				port = socket.getLocalPort();
			}
			String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
			List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar",
					NODE_JAR.toString(), "--server.port=" + port, "--elms.model=" + pack,
					"--elms.cache-dir=" + dir.resolve("cache"), "--elms.threads=1", "--elms.baselines=false",
					// the median of three runs: routing tests compare the nodes'
					// profiles, and
					// one run taken while another node starts can swap a fast and a
					// slower node
					"--elms.profile.buckets=16,128", "--elms.profile.runs=3", "--elms.profile.decode-tokens=4"));
			Process process = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(dir.resolve("node.log").toFile())
				.start();
			URI url = URI.create("http://127.0.0.1:" + port);
			awaitReady(url, process, dir.resolve("node.log"));
			return new Node(url, process);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void awaitReady(URI url, Process process, Path log) throws IOException, InterruptedException {
		HttpClient http = HttpClient.newHttpClient();
		long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
		while (true) {
			try {
				HttpResponse<Void> ready = http.send(
						HttpRequest.newBuilder(url.resolve("/actuator/health/readiness")).build(),
						HttpResponse.BodyHandlers.discarding());
				if (ready.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			if (System.nanoTime() > deadline || !process.isAlive()) {
				process.destroyForcibly();
				throw new IllegalStateException("the node did not get ready:\n" + Files.readString(log));
			}
			Thread.sleep(200);
		}
	}

	private static void stopAll() {
		NODES.values().forEach((node) -> node.process.destroy());
	}

	private record Node(URI url, Process process) {
	}

}
