package ai.elms.node.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import ai.elms.node.NodeHttpTest;
import ai.elms.node.TestPackage;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;

import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One request generates, one may wait: a third is refused. A generation of the test
 * package takes a fraction of a second, so the scenario is retried when the running
 * request ended before the queue filled.
 */
@TestPropertySource(properties = { "elms.scheduling.concurrency=1", "elms.scheduling.queue-capacity=1" })
@DirtiesContext
class QueueFullHttpTest extends NodeHttpTest {

	private static final Map<String, Object> LONG = Map.of("prompt", TestPackage.ENDLESS_PROMPT, "max_tokens", 4000,
			"temperature", 0);

	@Test
	void returns429WhenQueueIsFull() {
		WebClient client = WebClient.create("http://localhost:" + this.port);
		EntityExchangeResult<String> refused = null;
		for (int attempt = 0; attempt < 5 && refused == null; attempt++) {
			Disposable running = send(client);
			await().atMost(Duration.ofMinutes(1)).until(() -> metric("elms_num_requests_running") == 1);
			Disposable waiting = send(client);
			await().atMost(Duration.ofMinutes(1))
				.until(() -> metric("elms_num_requests_waiting") == 1 || metric("elms_num_requests_running") == 0);
			if (metric("elms_num_requests_waiting") == 1) {
				EntityExchangeResult<String> third = this.http.post()
					.uri("/v1/chat/completions")
					.contentType(MediaType.APPLICATION_JSON)
					.bodyValue(Map.of("messages", List.of(userMessage("Hello")), "max_tokens", 1))
					.exchange()
					.expectBody(String.class)
					.returnResult();
				if (third.getStatus().value() == 429) {
					refused = third;
				}
			}
			waiting.dispose();
			running.dispose();
			await().atMost(Duration.ofMinutes(1))
				.until(() -> metric("elms_num_requests_running") == 0 && metric("elms_num_requests_waiting") == 0);
		}
		assertThat(refused).as("a request refused while the queue was full").isNotNull();
		JsonNode error = json.readTree(refused.getResponseBody()).get("error");
		assertThat(error.get("type").asString()).isEqualTo("rate_limit_error");
		assertThat(error.get("code").asString()).isEqualTo("queue_full");
		assertThat(error.get("message").asString()).isNotBlank();
		assertThat(refused.getResponseHeaders().getFirst("Retry-After")).isEqualTo("1");
		assertThat(metric("elms_requests_rejected_total{reason=\"queue_full\"}")).isGreaterThanOrEqualTo(1);
		post("/v1/chat/completions", Map.of("messages", List.of(userMessage("Hello")), "max_tokens", 1), 200);
	}

	private static Disposable send(WebClient client) {
		return client.post()
			.uri("/v1/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(LONG)
			.retrieve()
			.bodyToMono(String.class)
			.subscribe((response) -> {
			}, (error) -> {
			});
	}

}
