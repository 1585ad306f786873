package ai.elms.node.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.elms.node.NodeHttpTest;
import ai.elms.node.TestPackage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A client that goes away stops its generation. A generation of the test package takes a
 * fraction of a second, so each scenario is retried when the generation ended before the
 * cancellation reached it; the assertions hold in the scenario where it did not.
 */
class CancellationHttpTest extends NodeHttpTest {

	private static final String CANCELLED = "elms_requests_total{finish_reason=\"cancelled\",level=\"1.0\"}";

	private static final Map<String, Object> LONG_STREAM = Map.of("prompt", TestPackage.ENDLESS_PROMPT, "max_tokens",
			4000, "temperature", 0, "stream", true);

	private static final Map<String, Object> LONG = Map.of("prompt", TestPackage.ENDLESS_PROMPT, "max_tokens", 4000,
			"temperature", 0);

	private static final int ATTEMPTS = 5;

	private WebClient client;

	@BeforeEach
	void client() {
		this.client = WebClient.create("http://localhost:" + this.port);
	}

	@Test
	void stopsGenerationWhenStreamingClientDisconnects() {
		boolean stopped = false;
		for (int attempt = 0; attempt < ATTEMPTS && !stopped; attempt++) {
			double cancelledBefore = metric(CANCELLED);
			List<String> received = this.client.post()
				.uri("/v1/completions")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(LONG_STREAM)
				.retrieve()
				.bodyToFlux(String.class)
				.take(3)
				.collectList()
				.block(Duration.ofMinutes(1));
			assertThat(received).hasSize(3);
			awaitIdle();
			stopped = metric(CANCELLED) > cancelledBefore;
		}
		assertThat(stopped).as("a generation was stopped by its client").isTrue();
	}

	@Test
	void stopsGenerationWhenWaitingClientDisconnects() {
		boolean stopped = false;
		for (int attempt = 0; attempt < ATTEMPTS && !stopped; attempt++) {
			double cancelledBefore = metric(CANCELLED);
			Disposable request = send(LONG);
			await().atMost(Duration.ofMinutes(1)).until(() -> metric("elms_num_requests_running") == 1);
			request.dispose();
			awaitIdle();
			stopped = metric(CANCELLED) > cancelledBefore;
		}
		assertThat(stopped).as("a generation was stopped by its client").isTrue();
	}

	@Test
	void removesQueuedRequestWhoseClientDisconnects() {
		boolean observed = false;
		for (int attempt = 0; attempt < ATTEMPTS && !observed; attempt++) {
			double servedBefore = requestsServed();
			double cancelledBefore = metric(CANCELLED);
			Disposable running = send(LONG);
			await().atMost(Duration.ofMinutes(1)).until(() -> metric("elms_num_requests_running") == 1);
			Disposable queued = send(LONG);
			await().atMost(Duration.ofMinutes(1))
				.until(() -> metric("elms_num_requests_waiting") == 1 || metric("elms_num_requests_running") == 0);
			boolean waited = metric("elms_num_requests_waiting") == 1;
			queued.dispose();
			await().atMost(Duration.ofMinutes(1)).until(() -> metric("elms_num_requests_waiting") == 0);
			running.dispose();
			awaitIdle();
			// valid when the first request generated until its own cancellation: then the
			// second
			// left the queue because its client went away, and never reached a worker
			observed = waited && metric(CANCELLED) == cancelledBefore + 1 && requestsServed() == servedBefore + 1;
		}
		assertThat(observed).as("a request left the queue while another generated").isTrue();
	}

	private Disposable send(Map<String, Object> body) {
		return this.client.post()
			.uri("/v1/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.retrieve()
			.bodyToMono(String.class)
			.subscribe((response) -> {
			}, (error) -> {
			});
	}

	private void awaitIdle() {
		await().atMost(Duration.ofMinutes(1))
			.until(() -> metric("elms_num_requests_running") == 0 && metric("elms_num_requests_waiting") == 0);
	}

	/** Requests that reached a worker, whatever their level and finish. */
	private double requestsServed() {
		Matcher series = Pattern.compile("(?m)^elms_requests_total\\{[^}]*} (\\S+)$").matcher(prometheus());
		double total = 0;
		while (series.find()) {
			total += Double.parseDouble(series.group(1));
		}
		return total;
	}

}
