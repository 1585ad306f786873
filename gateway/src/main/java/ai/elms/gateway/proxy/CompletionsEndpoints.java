package ai.elms.gateway.proxy;

import java.util.Map;

import ai.elms.gateway.ApiErrors;
import ai.elms.gateway.teams.Authentication;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.webflux.autoconfigure.WebHttpHandlerBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

/**
 * The OpenAI-compatible endpoints teams call, the node's API with the same SLO fields
 * ({@code slo} in the body or the {@code x-slo-ttft-ms} and {@code x-slo-tpot-ms}
 * headers, {@code strategy}), plus {@code sheddable}: refuse with 429 rather than miss.
 * They are the gateway's hot path, so they are served on the server's own handler, ahead
 * of WebFlux's dispatcher, filters and codecs: a request is authenticated, rate limited,
 * routed and forwarded, and nothing else.
 */
@Configuration(proxyBeanMethods = false)
class CompletionsEndpoints {

	private static final Logger logger = LoggerFactory.getLogger(CompletionsEndpoints.class);

	/** Path to the endpoint's name in the records. */
	private static final Map<String, String> ENDPOINTS = Map.of("/v1/chat/completions", "chat.completions",
			"/v1/completions", "completions");

	@Bean
	WebHttpHandlerBuilderCustomizer completionsAheadOfWebFlux(Forwarding forwarding, Authentication authentication) {
		return (builder) -> builder.httpHandlerDecorator((next) -> (request, response) -> {
			String path = request.getPath().value();
			String endpoint = ENDPOINTS.get(path);
			if (endpoint == null || request.getMethod() != HttpMethod.POST) {
				return next.handle(request, response);
			}
			return authentication
				.admit(path, request.getHeaders(), response,
						(caller) -> forwarding.forward(request, response, caller, endpoint, path))
				.onErrorResume((ex) -> {
					logger.error("Forwarding {} failed", path, ex);
					return ApiErrors.write(response, HttpStatus.INTERNAL_SERVER_ERROR,
							"The gateway failed to forward the request.", "server_error", null, null);
				});
		});
	}

}
