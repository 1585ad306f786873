package ai.elms.gateway.results;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import ai.elms.gateway.GatewayApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataIntegrityViolationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The write path on the databases the gateway runs on: the H2 file database of the
 * default, in a session whose time zone is not the JVM's (a timestamp bound the wrong way
 * reads back shifted there), and the local PostgreSQL when one answers (database
 * {@code test}, in a schema of its own).
 */
class RecordBatchesTest {

	private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test";

	private static final String SCHEMA = "elms_records_test_" + ProcessHandle.current().pid();

	private static final Map<String, ConfigurableApplicationContext> gateways = new HashMap<>();

	@TempDir
	static Path files;

	static Stream<String> databases() {
		return postgresReachable() ? Stream.of("h2", "postgres") : Stream.of("h2");
	}

	@AfterAll
	static void stopGateways() throws SQLException {
		gateways.values().forEach(ConfigurableApplicationContext::close);
		if (postgresReachable()) {
			try (Connection connection = DriverManager.getConnection(POSTGRES, "postgres", "");
					Statement statement = connection.createStatement()) {
				statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
			}
		}
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void aBatchReadsBackAsItWasHandedOver(String database) {
		RequestRecordRepository records = gateway(database).getBean(RequestRecordRepository.class);
		List<RequestOutcome> outcomes = List.of(outcome("req-full", "first"),
				new RequestOutcome("req-bare", null, "gateway", null, "completions", null, null, true, null, null, null,
						0, null, null, null, null, null, null, null, 0.25, null, null, null, "rejected", 429, null,
						Instant.parse("2026-07-01T23:59:59Z")));
		records.insertAll(outcomes.stream().map(RequestRecord::new).toList());
		assertThat(records.findAllById(List.of("req-full", "req-bare")).stream().map(RequestRecord::outcome))
			.containsExactlyInAnyOrderElementsOf(outcomes);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void aRecordTheDatabaseRefusesFailsItsBatchWholeAndAloneAsAnIntegrityViolation(String database) {
		RequestRecordRepository records = gateway(database).getBean(RequestRecordRepository.class);
		RequestRecord first = new RequestRecord(outcome("req-once", "first"));
		records.insertAll(List.of(first));
		RequestRecord good = new RequestRecord(outcome("req-good", null));
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> records.insertAll(List.of(good, first)));
		assertThat(records.existsById("req-good")).isFalse();
		// alone, the recorder drops it instead of retrying it for ever
		assertThatExceptionOfType(DataIntegrityViolationException.class)
			.isThrownBy(() -> records.insertAll(List.of(first)));
		assertThat(records.findById("req-once").orElseThrow().outcome().error()).isEqualTo("first");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("databases")
	void theRecorderWritesTheOthersOfABatchWithARefusedRecordOnce(String database) throws Exception {
		ConfigurableApplicationContext gateway = gateway(database);
		Recorder recorder = gateway.getBean(Recorder.class);
		RequestRecordRepository records = gateway.getBean(RequestRecordRepository.class);
		recorder.record(outcome("req-there", "first"));
		assertThat(recorder.flush(Duration.ofSeconds(10))).isTrue();
		recorder.record(outcome("req-before", null));
		recorder.record(outcome("req-there", "second"));
		recorder.record(outcome("req-nul", "nul \0 in a text"));
		recorder.record(outcome("req-after", null));
		assertThat(recorder.flush(Duration.ofSeconds(10))).isTrue();
		assertThat(records.findAllById(List.of("req-there", "req-before", "req-nul", "req-after")))
			.map(RequestRecord::getId)
			.containsExactlyInAnyOrder("req-there", "req-before", "req-nul", "req-after");
		assertThat(records.findById("req-there").orElseThrow().outcome().error()).isEqualTo("first");
		assertThat(records.findById("req-nul").orElseThrow().outcome().error()).isEqualTo("nul  in a text");
	}

	@Test
	void recordsSurviveARestart() throws Exception {
		ConfigurableApplicationContext gateway = gateway("h2");
		Recorder recorder = gateway.getBean(Recorder.class);
		for (int i = 0; i < 600; i++) {
			recorder.record(outcome("req-kept-" + i, null));
		}
		assertThat(recorder.flush(Duration.ofSeconds(10))).isTrue();
		gateway.close();
		gateways.remove("h2");
		RequestRecordRepository records = gateway("h2").getBean(RequestRecordRepository.class);
		assertThat(records.findAllById(List.of("req-kept-0", "req-kept-599"))).hasSize(2);
		assertThat(records.findAll().stream().filter((record) -> record.getId().startsWith("req-kept-"))).hasSize(600);
	}

	private static RequestOutcome outcome(String id, String error) {
		return new RequestOutcome(id, "team", "gateway", "pixel-8-trace-3", "chat.completions", "model", "elastic",
				false, 150.0, 40.0, "http://127.0.0.1:1", 2, 0.75, 0.5, 120, 30, 1.5, 90.25, 12.5, 480.125, true, false,
				false, "ok", 200, error, Instant.parse("2026-01-15T10:20:30.123456Z"));
	}

	private static ConfigurableApplicationContext gateway(String database) {
		return gateways.computeIfAbsent(database, (name) -> {
			if (name.equals("h2")) {
				return start("--spring.datasource.url=jdbc:h2:file:" + files.resolve("records")
						+ ";DB_CLOSE_ON_EXIT=FALSE;TIME ZONE=Europe/Paris");
			}
			try (Connection connection = DriverManager.getConnection(POSTGRES, "postgres", "");
					Statement statement = connection.createStatement()) {
				statement.execute("CREATE SCHEMA IF NOT EXISTS " + SCHEMA);
			}
			catch (SQLException ex) {
				throw new IllegalStateException(ex);
			}
			return start("--spring.datasource.url=" + POSTGRES + "?currentSchema=" + SCHEMA,
					"--spring.datasource.username=postgres", "--spring.flyway.default-schema=" + SCHEMA,
					"--spring.flyway.schemas=" + SCHEMA);
		});
	}

	private static ConfigurableApplicationContext start(String... database) {
		String[] args = Stream.concat(Stream.of("--server.port=0", "--elms.gateway.nodes="), Stream.of(database))
			.toArray(String[]::new);
		return new SpringApplicationBuilder(GatewayApplication.class).run(args);
	}

	private static boolean postgresReachable() {
		try (Connection connection = DriverManager.getConnection(POSTGRES, "postgres", "")) {
			return connection.isValid(2);
		}
		catch (SQLException ex) {
			return false;
		}
	}

}
