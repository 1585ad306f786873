package ai.elms.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Runs every subcommand end to end on the tiny shape with minimal counts, so the
 * benchmarks keep working. It checks the shape of what they print, never the timings.
 */
class BenchmarkCommandTest {

	@TempDir
	static Path packages;

	@Test
	void switchingPrintsPairedRatiosForEveryLevelAndAVerdict() throws Exception {
		String output = run("switching", "--pairs", "2");
		List<List<String>> rows = table(output, "switching:");
		assertThat(rows).hasSize(9);
		for (List<String> row : rows) {
			assertThat(row).hasSize(8);
			assertThat(positive(row.get(2))).as("same_ms").isTrue();
			assertThat(positive(row.get(3))).as("switched_ms").isTrue();
			assertThat(positive(row.get(5))).as("median_paired_ratio").isTrue();
		}
		assertThat(output).containsPattern("switching overall: median paired ratio [0-9.]+ .* over 18 pairs, .*"
				+ "target < 1% extra: (met|MISSED)");
	}

	@Test
	void switchingCanTimeTheBareLoopWithFlushedCaches() throws Exception {
		String output = run("switching", "--pairs", "2", "--loop", "bare", "--flush-mib", "8");
		assertThat(output).contains("bare session.run loop, caches flushed with 8 MiB");
		assertThat(table(output, "switching:")).hasSize(9).allMatch((row) -> positive(row.get(5)));
	}

	@Test
	void memoryMeasuresAllLevelsAndTheFullLevelInChildProcesses() throws Exception {
		String output = run("memory");
		List<List<String>> rows = table(output, "memory:");
		assertThat(rows).extracting((row) -> row.get(0)).containsExactly("full level only", "all levels");
		assertThat(rows).extracting((row) -> row.get(1)).containsExactly("1", "9");
		for (List<String> row : rows) {
			assertThat(row.subList(2, 8)).allMatch(BenchmarkCommandTest::positive);
		}
		assertThat(output).containsPattern(
				"memory ratio all/full: VmRSS [0-9.]+, VmHWM [0-9.]+, .*" + "target <= 1.10: (met|MISSED)");
	}

	@Test
	void decodeMatchesTheBareLoopsTokensAndPrintsBandwidthShares() throws Exception {
		String output = run("decode", "--runs", "2", "--tokens", "6", "--copy-mib", "8");
		assertThat(output).containsPattern("copy bandwidth \\(8 MiB direct buffer, 2 threads, .*\\): [0-9.]+ GB/s");
		List<List<String>> rows = table(output, "decode:");
		assertThat(rows).extracting((row) -> row.get(0)).containsExactly("0.2", "1.0");
		for (List<String> row : rows) {
			assertThat(row.subList(1, 5)).allMatch(BenchmarkCommandTest::positive);
			assertThat(row.subList(6, 9)).allMatch(BenchmarkCommandTest::positive);
			assertThat(row.get(9)).as("same_tokens").isEqualTo("yes");
		}
		assertThat(output)
			.containsPattern("decode engine/bare target >= 0.95: level 0.2 (met|MISSED), " + "level 1.0 (met|MISSED)");
	}

	@Test
	void rejectsAnUnknownSubcommandWithTheUsage() throws Exception {
		assertThat(BenchmarkCommand.run(new String[] { "bogus" }, new PrintStream(new ByteArrayOutputStream())))
			.isEqualTo(2);
	}

	@Test
	void tlmTimesTheTinyModelInBlocksAndOverTheWholePrompt() throws Exception {
		// the default shape: its context holds the 256- and 512-token prompts
		String output = run("tlm", "--shape", "default", "--runs", "2");
		assertThat(output).contains("attention in blocks of 128 tokens");
		assertThat(output)
			.containsPattern("first prediction after opening, [0-9]+ tokens: [0-9.]+ ms \\(the second: [0-9.]+ ms\\)");
		List<List<String>> rows = table(output, "tiny model time vs LLM TTFT");
		assertThat(rows).extracting((row) -> row.get(0)).containsExactly("256", "512");
		for (List<String> row : rows) {
			assertThat(positive(row.get(1))).as("tiny model ms").isTrue();
			assertThat(positive(row.get(2))).as("TTFT full ms").isTrue();
			assertThat(positive(row.get(6))).as("whole-prompt attention ms").isTrue();
		}
		assertThat(output)
			.containsPattern("largest median overhead at the full level: [0-9.]+%; target < 5.0%: (met|MISSED)");
	}

	@Test
	void tokenizeTimesAChatRequestWithANewAndARepeatedSystemPrompt() throws Exception {
		// the tiny shape's context holds the 256-token prompt only
		List<List<String>> rows = table(run("tokenize", "--runs", "2"), "tokenizing a chat request");
		assertThat(rows).hasSize(1);
		assertThat(Integer.parseInt(rows.get(0).get(0))).as("prompt tokens").isBetween(200, 256);
		for (int column : new int[] { 1, 2, 4 }) {
			assertThat(positive(rows.get(0).get(column))).as(rows.get(0).toString()).isTrue();
		}
	}

	@Test
	void startupStartsTheNodeAndTimesItsFirstRequestAgainstTheOnesAfter() throws Exception {
		Path jar = Path.of("../inference-node/target/inference-node.jar");
		assumeTrue(Files.isRegularFile(jar), "the node jar, built before this module in the reactor");
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		int status = BenchmarkCommand
			.run(new String[] { "startup", "--node-jars", jar.toString(), "--starts", "1", "--requests", "3",
					"--request", "../docs/examples/function-call.json", "--ttft-ms", "60000", "--tpot-ms", "60000" },
					new PrintStream(bytes, true, StandardCharsets.UTF_8));
		String output = bytes.toString(StandardCharsets.UTF_8);
		assertThat(status).as(output).isZero();
		List<List<String>> rows = table(output, "each start:");
		assertThat(rows).hasSize(1);
		// a start, its readiness, and the three requests, each within its loose SLO
		assertThat(rows.get(0).get(1)).isEqualTo("1");
		assertThat(rows.get(0).get(rows.get(0).size() - 1)).isEqualTo("3/3");
		assertThat(output).containsPattern("first request's TTFT, median of 1 starts: [0-9.]+ ms");
	}

	@Test
	void startupRejectsAnUnknownOption() throws Exception {
		assertThat(BenchmarkCommand.run(new String[] { "startup", "--nodes", "x" },
				new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)))
			.isEqualTo(2);
	}

	private static String run(String subcommand, String... options) throws Exception {
		List<String> args = new ArrayList<>(
				List.of(subcommand, "--shape", "tiny", "--packages-dir", packages.toString(), "--threads", "2"));
		args.addAll(Arrays.asList(options));
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		int status = BenchmarkCommand.run(args.toArray(String[]::new),
				new PrintStream(bytes, true, StandardCharsets.UTF_8));
		String output = bytes.toString(StandardCharsets.UTF_8);
		assertThat(status).as(output).isZero();
		assertThat(output).startsWith("# machine: ");
		return output;
	}

	/**
	 * The rows of the table whose title starts with the prefix, cells split on runs of
	 * spaces.
	 */
	private static List<List<String>> table(String output, String titlePrefix) {
		List<String> lines = output.lines().toList();
		int title = 0;
		while (!lines.get(title).startsWith("# " + titlePrefix)) {
			title++;
		}
		int columns = cells(lines.get(title + 1)).size();
		assertThat(cells(lines.get(title + 2))).hasSize(columns).allMatch((rule) -> rule.matches("-+"));
		List<List<String>> rows = new ArrayList<>();
		for (int i = title + 3; i < lines.size() && !lines.get(i).isBlank(); i++) {
			List<String> row = cells(lines.get(i));
			assertThat(row).as(lines.get(i)).hasSize(columns);
			rows.add(row);
		}
		return rows;
	}

	private static List<String> cells(String line) {
		return Stream.of(line.trim().split(" {2,}")).toList();
	}

	private static boolean positive(String cell) {
		double value = Double.parseDouble(cell);
		return Double.isFinite(value) && value > 0;
	}

}
