package ai.elms.gateway;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import ai.elms.gateway.results.Recorder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * Two gateways on one PostgreSQL database (the local one at 127.0.0.1:5432, database
 * {@code test}, in a schema of their own): the schema migrates, a key made on one works
 * on the other, a node registered on one is polled by the other, and each sees every
 * record.
 */
class PostgresGatewaysTest {

	private static final String DATABASE = "jdbc:postgresql://127.0.0.1:5432/test";

	private static final String SCHEMA = "elms_gateway_test_" + ProcessHandle.current().pid();

	private static ConfigurableApplicationContext first;

	private static ConfigurableApplicationContext second;

	@BeforeAll
	static void startGateways() throws SQLException {
		assumeThat(reachable()).as("PostgreSQL at " + DATABASE).isTrue();
		try (Connection connection = DriverManager.getConnection(DATABASE, "postgres", "");
				Statement statement = connection.createStatement()) {
			statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
			statement.execute("CREATE SCHEMA " + SCHEMA);
		}
		first = gateway("first", TestNodes.node("fast", TestNodes.FAST).toString());
		second = gateway("second", "");
	}

	private static ConfigurableApplicationContext gateway(String name, String nodes) {
		return new SpringApplicationBuilder(GatewayApplication.class).profiles("postgres")
			.run("--server.port=0", "--elms.gateway.name=" + name, "--elms.gateway.nodes=" + nodes,
					"--elms.gateway.admin-key=" + GatewayClient.ADMIN_KEY, "--elms.gateway.polling.interval=200ms",
					"--spring.datasource.url=" + DATABASE + "?currentSchema=" + SCHEMA,
					"--spring.datasource.username=postgres", "--spring.flyway.default-schema=" + SCHEMA,
					"--spring.flyway.schemas=" + SCHEMA);
	}

	@AfterAll
	static void stopGateways() throws SQLException {
		if (first != null) {
			first.close();
		}
		if (second != null) {
			second.close();
		}
		if (reachable()) {
			try (Connection connection = DriverManager.getConnection(DATABASE, "postgres", "");
					Statement statement = connection.createStatement()) {
				statement.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
			}
		}
	}

	private static boolean reachable() {
		try (Connection connection = DriverManager.getConnection(DATABASE, "postgres", "")) {
			return connection.isValid(2);
		}
		catch (SQLException ex) {
			return false;
		}
	}

	private static GatewayClient client(ConfigurableApplicationContext gateway) {
		return new GatewayClient(Integer.parseInt(gateway.getEnvironment().getProperty("local.server.port")));
	}

	@Test
	void twoGatewaysShareKeysNodesAndRecords() throws Exception {
		GatewayClient one = client(first);
		GatewayClient two = client(second);
		String node = TestNodes.node("fast", TestNodes.FAST).toString();
		one.awaitNode(node, true);
		// a node registered on the first: the second polls it too
		one.admin("POST", "/admin/nodes", Map.of("url", node), 201);
		two.awaitNode(node, true);
		// a key made on the first works on the second
		String key = one.newTeam("shared");
		for (int i = 0; i < 3; i++) {
			one.chat(key, GatewayClient.request(Map.of("ttft_ms", 600_000)), 200);
			two.chat(key, GatewayClient.request(Map.of("ttft_ms", 600_000)), 200);
		}
		first.getBean(Recorder.class).flush(Duration.ofSeconds(10));
		second.getBean(Recorder.class).flush(Duration.ofSeconds(10));
		for (GatewayClient gateway : new GatewayClient[] { one, two }) {
			JsonNode records = GatewayClient.json(gateway.get("/v1/results?size=100", key, 200));
			assertThat(records.get("total").asInt()).isEqualTo(6);
			assertThat(records.get("data").findValuesAsString("gateway")).containsOnly("first", "second");
			JsonNode summary = GatewayClient.json(gateway.get("/v1/results/summary?by=node", key, 200));
			assertThat(summary.get("overall").get("attainment").asDouble()).isEqualTo(1.0);
		}
		// revoked on the second: refused by the first within the key cache's seconds
		JsonNode teams = two.admin("GET", "/admin/teams", null, 200);
		String keyId = null;
		for (JsonNode team : teams) {
			if (team.get("name").asString().equals("shared")) {
				keyId = team.get("keys").get(0).get("id").asString();
			}
		}
		two.admin("DELETE", "/admin/keys/" + keyId, null, 204);
		org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> one.http.get()
				.uri("/v1/results")
				.header("Authorization", "Bearer " + key)
				.exchange()
				// the body read, so that its buffers are released
				.expectBody()
				.returnResult()
				.getStatus()
				.value() == 401);
	}

}
