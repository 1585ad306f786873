package ai.elms.benchmarks.slo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import ai.elms.benchmarks.BenchmarkCommand;
import ai.elms.engine.TinyModel;
import ai.elms.engine.pack.PackageGenerator;
import ai.elms.engine.pack.PackageShape;
import ai.elms.engine.tlm.TinyModelConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The SLO evaluation against a real node: the inference node's jar, built earlier in the
 * same build, started on a tiny package with a tiny model.
 */
class SloEvaluationTest {

	private static final Path NODE_JAR = Path.of("..", "inference-node", "target", "inference-node.jar");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@TempDir
	static Path dir;

	static Process node;

	static URI base;

	@BeforeAll
	static void startNode() throws Exception {
		assumeTrue(Files.isRegularFile(NODE_JAR), "the node's jar is built before this module's tests");
		Path pack = dir.resolve("package");
		PackageGenerator.generate(pack, PackageShape.TINY, 3);
		TinyModelConfig tiny = TinyModelConfig.PRESET.forLlm(PackageShape.TINY.vocabSize(),
				PackageShape.TINY.contextLength(), 9);
		TinyModel.write(pack, tiny, tiny.randomWeights(3));
		for (String task : TestItem.TASKS) {
			Path file = Files.createDirectories(dir.resolve("data/tasks/" + task)).resolve("test.jsonl");
			StringBuilder lines = new StringBuilder();
			for (int i = 0; i < 3; i++) {
				lines.append(JSON.writeValueAsString(Map.of("id", task + "/test/" + i, "task", task, "system",
						"Pick the answer. Examples: a, b, c. ".repeat(4), "user", "Question " + i, "choices",
						List.of("a"), "answer", 0, "answer_text", "a")))
					.append('\n');
			}
			Files.writeString(file, lines);
		}
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		node = new ProcessBuilder(java, "-jar", NODE_JAR.toString(), "--server.port=" + port, "--elms.model=" + pack,
				"--elms.cache-dir=" + dir.resolve("cache"), "--elms.threads=1", "--elms.profile.buckets=16,64",
				"--elms.profile.runs=1", "--elms.profile.decode-tokens=4")
			.redirectErrorStream(true)
			.redirectOutput(dir.resolve("node.log").toFile())
			.start();
		base = URI.create("http://127.0.0.1:" + port);
		HttpClient http = HttpClient.newHttpClient();
		long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
		while (true) {
			try {
				HttpResponse<Void> ready = http.send(
						HttpRequest.newBuilder(base.resolve("/actuator/health/readiness")).build(),
						HttpResponse.BodyHandlers.discarding());
				if (ready.statusCode() == 200) {
					break;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			if (System.nanoTime() > deadline || !node.isAlive()) {
				throw new IllegalStateException(
						"the node did not get ready:\n" + Files.readString(dir.resolve("node.log")));
			}
			Thread.sleep(200);
		}
	}

	@AfterAll
	static void stopNode() throws InterruptedException {
		if (node != null) {
			node.destroy();
			node.waitFor();
		}
	}

	private static String run(String... args) throws Exception {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
			assertThat(SloEvaluation.run(List.of(args), out)).isZero();
		}
		return bytes.toString(StandardCharsets.UTF_8);
	}

	@Test
	void standaloneSendsEveryItemAtEveryPairForEveryStrategy() throws Exception {
		Path out = dir.resolve("standalone.json");
		String printed = run("--node", base.toString(), "--data", dir.resolve("data").toString(), "--items", "2",
				"--strategies", "elastic,model-only,full", "--max-tokens", "3", "--out", out.toString());
		JsonNode rows = JSON.readTree(out.toFile()).get("rows");
		assertThat(rows).hasSize(5 * 3);
		for (JsonNode row : rows) {
			assertThat(row.get("requests").asInt()).isEqualTo(2 * 4);
			for (String share : List.of("accuracy", "accuracy_slo_met", "ttft_attainment", "tpot_attainment",
					"slo_attainment")) {
				assertThat(row.get(share).asDouble()).isBetween(0.0, 1.0);
			}
			assertThat(row.get("accuracy_slo_met").asDouble()).isLessThanOrEqualTo(row.get("accuracy").asDouble());
			// one choice, scored by the node whatever it generates: always the gold one
			assertThat(row.get("choice_accuracy").asDouble()).isEqualTo(1.0);
			assertThat(row.get("choice_accuracy_slo_met").asDouble()).isEqualTo(row.get("slo_attainment").asDouble());
			int chosen = 0;
			for (JsonNode count : row.get("chosen")) {
				chosen += count.asInt();
			}
			assertThat(chosen).isEqualTo(2 * 4);
			JsonNode byTask = row.get("by_task");
			assertThat(byTask.propertyNames()).containsExactly("app-selection", "function-call", "wordnet-definition",
					"wordnet-hypernym");
			double choiceMet = 0;
			for (JsonNode task : byTask) {
				assertThat(task.get("requests").asInt()).isEqualTo(2);
				choiceMet += task.get("choice_accuracy_slo_met").asDouble() / 4;
			}
			assertThat(choiceMet).isCloseTo(row.get("choice_accuracy_slo_met").asDouble(), within(1e-9));
			switch (row.get("strategy").asString()) {
				case "model-only" -> {
					assertThat(row.get("chosen").propertyNames()).allMatch((key) -> key.endsWith("@1.00"));
					assertThat(row.get("mean_ratio").asDouble()).isEqualTo(1.0);
					assertThat(row.get("tiny_model_share").isNull()).isTrue();
				}
				// the full model cannot meet a TTFT of a fifth of its own
				case "full" -> {
					assertThat(row.get("chosen").propertyNames()).containsExactly("1.00@1.00");
					assertThat(row.get("mean_level").asDouble()).isEqualTo(1.0);
					if (row.get("setting").asString().startsWith("(0.2")) {
						assertThat(row.get("ttft_attainment").asDouble()).isLessThan(0.5);
					}
				}
				default -> {
					assertThat(row.get("mean_level").asDouble()).isBetween(0.19, 1.0);
					// no full-level prefill fits a fifth of its own TTFT: the tiny model
					// decides
					if (row.get("setting").asString().startsWith("(0.2")) {
						assertThat(row.get("tiny_model_share").asDouble()).isPositive();
					}
				}
			}
		}
		assertThat(printed).contains("SLO evaluation").contains("(0.2, 0.5)");
	}

	@Test
	void tracesDrawTheSixClassesBySkew() throws Exception {
		Path out = dir.resolve("trace.json");
		run("--node", base.toString(), "--data", dir.resolve("data").toString(), "--mode", "trace", "--items", "3",
				"--requests", "12", "--skews", "0,1", "--strategies", "elastic", "--max-tokens", "2", "--out",
				out.toString());
		JsonNode rows = JSON.readTree(out.toFile()).get("rows");
		assertThat(rows).hasSize(2);
		assertThat(rows.get(0).get("requests").asInt()).isEqualTo(12);
		assertThat(rows.get(1).get("setting").asString()).isEqualTo("trace, skew 1.00");
	}

	@Test
	void aMissingNodeIsAUsageError() throws Exception {
		assertThat(BenchmarkCommand.run(new String[] { "slo", "--data", "x" },
				new PrintStream(new ByteArrayOutputStream())))
			.isEqualTo(2);
	}

}
