package ai.elms.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The completion endpoints on the wire, as HTTP/1.1 clients use them: several requests on
 * one kept connection, pipelined with requests of the other endpoints (answers in their
 * order), {@code Expect: 100-continue}, HTTP/1.0, and methods other than POST. One real
 * node behind the gateway.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "elms.gateway.admin-key=" + GatewayClient.ADMIN_KEY,
				"spring.datasource.url=jdbc:h2:mem:connections;DB_CLOSE_DELAY=-1",
				"elms.gateway.polling.interval=200ms" })
class ConnectionsTest {

	private static final String CHAT = "{\"messages\":[{\"role\":\"user\",\"content\":\"Set an alarm\"}],"
			+ "\"max_tokens\":2}";

	@LocalServerPort
	int port;

	String key;

	@org.springframework.test.context.DynamicPropertySource
	static void fleet(org.springframework.test.context.DynamicPropertyRegistry registry) {
		registry.add("elms.gateway.nodes", () -> TestNodes.node("fast", TestNodes.FAST).toString());
	}

	@BeforeEach
	void team() {
		GatewayClient gateway = new GatewayClient(this.port);
		gateway.awaitNode(TestNodes.node("fast", TestNodes.FAST).toString(), true);
		this.key = gateway.newTeam("wire-" + System.nanoTime());
	}

	@Test
	void pipelinedRequestsAreAnsweredInTheirOrderOnOneConnection() throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(60_000);
			OutputStream out = socket.getOutputStream();
			// sent at once: a completion, another endpoint, a completion, another
			// endpoint
			out.write((post("/v1/chat/completions", CHAT) + get("/v1/models") + post("/v1/chat/completions", CHAT)
					+ get("/v1/models"))
				.getBytes(StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			Answer first = Answer.read(in);
			Answer second = Answer.read(in);
			Answer third = Answer.read(in);
			Answer fourth = Answer.read(in);
			assertThat(first.status).isEqualTo(200);
			assertThat(first.json().get("object").asString()).isEqualTo("chat.completion");
			assertThat(second.status).isEqualTo(200);
			assertThat(second.json().get("object").asString()).isEqualTo("list");
			assertThat(third.json().get("object").asString()).isEqualTo("chat.completion");
			assertThat(fourth.json().get("object").asString()).isEqualTo("list");
			assertThat(first.headers.get("x-request-id")).isNotEqualTo(third.headers.get("x-request-id"));
			// and the connection still serves, one request at a time
			for (int i = 0; i < 3; i++) {
				out.write(post("/v1/chat/completions", CHAT).getBytes(StandardCharsets.UTF_8));
				out.flush();
				assertThat(Answer.read(in).json().get("object").asString()).isEqualTo("chat.completion");
			}
		}
	}

	@Test
	void aClientThatExpects100ContinueIsToldToSendItsBody() throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(60_000);
			OutputStream out = socket.getOutputStream();
			byte[] body = CHAT.getBytes(StandardCharsets.UTF_8);
			out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer " + this.key
					+ "\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: " + body.length
					+ "\r\n\r\n")
				.getBytes(StandardCharsets.UTF_8));
			out.flush();
			InputStream in = socket.getInputStream();
			assertThat(Answer.read(in).status).isEqualTo(100);
			out.write(body);
			out.flush();
			Answer answer = Answer.read(in);
			assertThat(answer.status).isEqualTo(200);
			assertThat(answer.json().get("object").asString()).isEqualTo("chat.completion");
		}
	}

	@Test
	void anHttp10ClientGetsItsAnswerAndTheConnectionCloses() throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(60_000);
			byte[] body = CHAT.getBytes(StandardCharsets.UTF_8);
			socket.getOutputStream()
				.write(("POST /v1/chat/completions HTTP/1.0\r\nAuthorization: Bearer " + this.key
						+ "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n" + CHAT)
					.getBytes(StandardCharsets.UTF_8));
			InputStream in = socket.getInputStream();
			Answer answer = Answer.read(in);
			assertThat(answer.status).isEqualTo(200);
			assertThat(answer.json().get("object").asString()).isEqualTo("chat.completion");
			assertThat(in.read()).isEqualTo(-1);
		}
	}

	@Test
	void onlyPostIsAllowed() throws IOException {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(60_000);
			socket.getOutputStream().write(get("/v1/chat/completions").getBytes(StandardCharsets.UTF_8));
			Answer answer = Answer.read(socket.getInputStream());
			assertThat(answer.status).isEqualTo(405);
			assertThat(answer.headers.get("allow")).isEqualTo("POST");
			assertThat(answer.json().get("error").get("code").asString()).isEqualTo("method_not_allowed");
		}
	}

	private String post(String path, String body) {
		return "POST " + path + " HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer " + this.key
				+ "\r\nContent-Type: application/json\r\nContent-Length: "
				+ body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
	}

	private String get(String path) {
		return "GET " + path + " HTTP/1.1\r\nHost: gateway\r\nAuthorization: Bearer " + this.key + "\r\n\r\n";
	}

	/** One HTTP/1.1 response read off the connection: by its length, or its chunks. */
	private record Answer(int status, Map<String, String> headers, String body) {

		JsonNode json() {
			return GatewayClient.JSON.readTree(this.body);
		}

		static Answer read(InputStream in) throws IOException {
			String statusLine = line(in);
			int status = Integer.parseInt(statusLine.split(" ")[1]);
			Map<String, String> headers = new LinkedHashMap<>();
			for (String line = line(in); !line.isEmpty(); line = line(in)) {
				int colon = line.indexOf(':');
				headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
			}
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			if (headers.containsKey("content-length")) {
				body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
			}
			else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
				for (int size = Integer.parseInt(line(in).trim(), 16); size > 0; size = Integer
					.parseInt(line(in).trim(), 16)) {
					body.write(in.readNBytes(size));
					line(in);
				}
				line(in);
			}
			else if (status >= 200 && status != 204 && status != 304) {
				body.write(in.readAllBytes());
			}
			return new Answer(status, headers, body.toString(StandardCharsets.UTF_8));
		}

		private static String line(InputStream in) throws IOException {
			ByteArrayOutputStream line = new ByteArrayOutputStream();
			for (int b = in.read(); b != '\n'; b = in.read()) {
				if (b < 0) {
					throw new IOException("the connection closed mid-answer");
				}
				if (b != '\r') {
					line.write(b);
				}
			}
			return line.toString(StandardCharsets.UTF_8);
		}

	}

}
