package ai.elms.gateway.fleet;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import ai.elms.gateway.config.GatewayProperties;
import reactor.core.publisher.Mono;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

/**
 * The HTTP client the fleet polls nodes with (readiness, queue, profile, models): the
 * JDK's, with kept connections and a bounded connect time. The polls are few and their
 * answers small, so they are read whole as text, and no pooled network buffer can be left
 * behind by a poll that times out. Completions go their own way ({@code proxy}).
 */
@Component
class NodeClient {

	private static final JsonMapper JSON = JsonMapper.builder()
		.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
		.build();

	private final HttpClient http;

	NodeClient(GatewayProperties properties) {
		this.http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(properties.retry().connectTimeout())
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
	}

	/** A node's answer to a GET: its status and text. */
	record Answer(int status, String body) {

		boolean ok() {
			return this.status >= 200 && this.status < 300;
		}

		/** The body as JSON of a type; an error when the status is not 2xx. */
		<T> T json(Class<T> type) {
			if (!ok()) {
				throw new IllegalStateException("answered " + this.status);
			}
			return JSON.readValue(this.body, type);
		}

	}

	/** GETs a node's URL; an error when it cannot be reached within the timeout. */
	Mono<Answer> get(URI url, Duration timeout) {
		HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout).GET().build();
		return Mono.fromFuture(() -> this.http.sendAsync(request, HttpResponse.BodyHandlers.ofString()))
			.map((response) -> new Answer(response.statusCode(), response.body()))
			.timeout(timeout.plusSeconds(1));
	}

}
