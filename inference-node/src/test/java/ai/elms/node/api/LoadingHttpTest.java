package ai.elms.node.api;

import java.util.List;
import java.util.Map;

import ai.elms.node.NodeHttpTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A node whose profile takes (practically) forever to measure: it stays loading. Closing
 * the context afterwards also checks that loading stops when the node does.
 */
@TestPropertySource(properties = { "elms.profile.runs=1000000", "elms.profile.buckets=16,48" })
@DirtiesContext
class LoadingHttpTest extends NodeHttpTest {

	@Override
	protected boolean awaitsReady() {
		return false;
	}

	@Test
	void answers503WhileLoading() {
		EntityExchangeResult<String> response = this.http.post()
			.uri("/v1/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("messages", List.of(userMessage("Hello"))))
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectBody(String.class)
			.returnResult();
		JsonNode error = json.readTree(response.getResponseBody()).get("error");
		assertThat(error.get("type").asString()).isEqualTo("server_error");
		assertThat(error.get("code").asString()).isEqualTo("model_not_ready");
		assertThat(error.get("message").asString()).contains("loading");
		assertThat(response.getResponseHeaders().getFirst("Retry-After")).isNotNull();
		assertThat(get("/v1/models", 503).get("error").get("code").asString()).isEqualTo("model_not_ready");
		assertThat(get("/v1/elastic/profile", 503).get("error").get("code").asString()).isEqualTo("model_not_ready");
		post("/v1/completions", Map.of("prompt", "Hello"), 503);
	}

	@Test
	void isLiveButNotReadyWhileLoading() {
		assertThat(get("/actuator/health/readiness", 503).get("status").asString()).isEqualTo("DOWN");
		assertThat(get("/actuator/health/liveness", 200).get("status").asString()).isEqualTo("UP");
	}

}
