package ai.elms.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.awaitility.Awaitility.await;

/** Calls a running gateway as teams and the admin do, over real HTTP. */
final class GatewayClient {

	static final String ADMIN_KEY = "admin-secret-for-tests";

	static final JsonMapper JSON = JsonMapper.builder().build();

	final WebTestClient http;

	GatewayClient(int port) {
		this.http = WebTestClient.bindToServer()
			.baseUrl("http://127.0.0.1:" + port)
			.responseTimeout(Duration.ofMinutes(2))
			.build();
	}

	/** A new team's key. */
	String newTeam(String name) {
		JsonNode created = admin("POST", "/admin/teams", Map.of("name", name), 201);
		return created.get("key").asString();
	}

	JsonNode admin(String method, String path, Object body, int status) {
		WebTestClient.RequestBodySpec spec = this.http.method(org.springframework.http.HttpMethod.valueOf(method))
			.uri(path)
			.header("Authorization", "Bearer " + ADMIN_KEY);
		WebTestClient.ResponseSpec response = (body != null)
				? spec.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange() : spec.exchange();
		String text = response.expectStatus()
			.isEqualTo(status)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		return (text == null) ? null : JSON.readTree(text);
	}

	/** A chat completion: the result, its status asserted. */
	EntityExchangeResult<String> chat(String key, Map<String, Object> body, int status) {
		return this.http.post()
			.uri("/v1/chat/completions")
			.header("Authorization", "Bearer " + key)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(String.class)
			.returnResult();
	}

	EntityExchangeResult<String> get(String path, String key, int status) {
		return this.http.get()
			.uri(path)
			.header("Authorization", "Bearer " + key)
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectBody(String.class)
			.returnResult();
	}

	static JsonNode json(EntityExchangeResult<String> result) {
		return JSON.readTree(result.getResponseBody());
	}

	/** A short chat request, with an SLO when given. */
	static Map<String, Object> request(Map<String, Object> slo, Object... more) {
		java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
		body.put("messages", List.of(Map.of("role", "system", "content", "You are a phone's assistant. ".repeat(3)),
				Map.of("role", "user", "content", "Set an alarm for seven.")));
		body.put("max_tokens", 2);
		body.put("temperature", 0);
		if (slo != null) {
			body.put("slo", slo);
		}
		for (int i = 0; i + 1 < more.length; i += 2) {
			body.put((String) more[i], more[i + 1]);
		}
		return body;
	}

	/** The record of a request, by the id the gateway answered with. */
	JsonNode record(String requestId) {
		JsonNode page = json(get("/v1/results?size=500", ADMIN_KEY, 200));
		for (JsonNode record : page.get("data")) {
			if (record.get("id").asString().equals(requestId)) {
				return record;
			}
		}
		throw new AssertionError("no record of " + requestId);
	}

	/** Waits until the gateway sees a node as available (or not). */
	void awaitNode(String url, boolean available) {
		await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100)).until(() -> {
			JsonNode nodes = admin("GET", "/admin/nodes", null, 200);
			for (JsonNode node : nodes) {
				if (node.get("url").asString().equals(url)) {
					return node.get("available").asBoolean() == available;
				}
			}
			return false;
		});
	}

	JsonNode node(String url) {
		for (JsonNode node : admin("GET", "/admin/nodes", null, 200)) {
			if (node.get("url").asString().equals(url)) {
				return node;
			}
		}
		throw new AssertionError("no node " + url);
	}

}
