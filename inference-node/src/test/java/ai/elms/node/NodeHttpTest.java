package ai.elms.node;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.awaitility.Awaitility.await;

/**
 * Base of the HTTP tests that share one running node: real server on a random port, real
 * engine on the test package, concurrency 1 and the default queue. Subclasses must not
 * change the configuration, so that Spring starts the node once for all of them. The
 * profile alone predicts (no calibration by served requests), so that tests can check
 * predictions whatever ran before them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "elms.threads=1", "elms.profile.buckets=16,64", "elms.profile.runs=1",
				"elms.profile.decode-tokens=4", "elms.profile.calibrate=false" })
public abstract class NodeHttpTest {

	protected static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	protected int port;

	protected WebTestClient http;

	@DynamicPropertySource
	static void servedPackage(DynamicPropertyRegistry registry) {
		registry.add("elms.model", () -> TestPackage.directory().toString());
		registry.add("elms.cache-dir", () -> TestPackage.cacheDirectory().toString());
	}

	@BeforeEach
	void connect() {
		this.http = WebTestClient.bindToServer()
			.baseUrl("http://localhost:" + this.port)
			.responseTimeout(Duration.ofMinutes(2))
			.build();
		if (awaitsReady()) {
			awaitReady(this.http);
		}
	}

	/** Whether each test starts once the model is loaded. */
	protected boolean awaitsReady() {
		return true;
	}

	/** Waits (bounded) until the node has loaded and profiled its model. */
	public static void awaitReady(WebTestClient http) {
		await().atMost(Duration.ofMinutes(2))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> health(http, "readiness").is2xxSuccessful());
	}

	/**
	 * Waits (bounded) until a node has failed to load its model (not live), then returns
	 * the error a chat request gets, asserting its status 503.
	 */
	public static JsonNode awaitLoadFailure(WebTestClient http) {
		await().atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> health(http, "liveness").value() == 503);
		String body = http.post()
			.uri("/v1/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("messages", List.of(Map.of("role", "user", "content", "Hello"))))
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		return json.readTree(body).get("error");
	}

	private static HttpStatusCode health(WebTestClient http, String probe) {
		return http.get()
			.uri("/actuator/health/" + probe)
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getStatus();
	}

	/** POSTs a JSON body and returns the response body parsed, asserting the status. */
	protected JsonNode post(String path, Object body, int status) {
		String response = this.http.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		return json.readTree(response);
	}

	protected JsonNode get(String path, int status) {
		String response = this.http.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		return json.readTree(response);
	}

	protected static Map<String, Object> userMessage(String content) {
		return Map.of("role", "user", "content", content);
	}

	/** The Prometheus exposition text. */
	protected String prometheus() {
		return this.http.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

	/** The value of one series, 0 when it is not exported yet. */
	protected double metric(String series) {
		Matcher line = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(prometheus());
		return line.find() ? Double.parseDouble(line.group(1)) : 0;
	}

}
