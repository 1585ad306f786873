package ai.elms.gateway.teams;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import ai.elms.gateway.ApiErrors;
import ai.elms.gateway.config.GatewayProperties;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Who may call what: {@code /admin/} takes the admin key ({@code ELMS_ADMIN_KEY}),
 * {@code /v1/} a team's key (or the admin key, to read every team's results), each as
 * {@code Authorization: Bearer KEY}; a team's key is rate limited on the completion
 * endpoints. Failures are OpenAI errors: 401 for a missing or wrong key, 429 with
 * {@code Retry-After} over the rate.
 */
@Component
class Authentication implements WebFilter, Ordered {

	private final byte[] adminKey;

	private final ApiKeys keys;

	private final RateLimiter limiter;

	Authentication(GatewayProperties properties, ApiKeys keys, RateLimiter limiter) {
		this.adminKey = (properties.adminKey() == null || properties.adminKey().isBlank()) ? null
				: properties.adminKey().getBytes(StandardCharsets.UTF_8);
		this.keys = keys;
		this.limiter = limiter;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String path = exchange.getRequest().getPath().value();
		boolean admin = path.equals("/admin") || path.startsWith("/admin/");
		if (!admin && !path.startsWith("/v1/")) {
			return chain.filter(exchange);
		}
		String key = bearer(exchange);
		if (admin) {
			if (this.adminKey == null) {
				return ApiErrors.write(exchange.getResponse(), HttpStatus.FORBIDDEN,
						"The admin API is off: start the gateway with ELMS_ADMIN_KEY set.", "permission_error", null,
						null);
			}
			if (!isAdmin(key)) {
				return unauthorized(exchange,
						"The admin API needs the admin key: Authorization: Bearer ELMS_ADMIN_KEY.");
			}
			exchange.getAttributes().put(Caller.ATTRIBUTE, Caller.ADMIN);
			return chain.filter(exchange);
		}
		if (key == null) {
			return unauthorized(exchange,
					"You didn't provide an API key. Give your team's key as Authorization: Bearer KEY.");
		}
		if (isAdmin(key)) {
			exchange.getAttributes().put(Caller.ATTRIBUTE, Caller.ADMIN);
			return chain.filter(exchange);
		}
		return this.keys.authenticate(key).flatMap((caller) -> {
			if (caller.isEmpty()) {
				return unauthorized(exchange, "Incorrect API key provided, or the key was revoked.");
			}
			long wait = completion(exchange) ? this.limiter.take(caller.get().keyId(), System.nanoTime()) : 0;
			if (wait > 0) {
				exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(wait));
				return ApiErrors.write(exchange.getResponse(), HttpStatus.TOO_MANY_REQUESTS,
						"Rate limit reached for this key; retry after " + wait + " s.", "rate_limit_exceeded", null,
						"rate_limit_exceeded");
			}
			exchange.getAttributes().put(Caller.ATTRIBUTE, caller.get());
			return chain.filter(exchange);
		});
	}

	/** Whether the request asks for a completion: what the rate limit counts. */
	private static boolean completion(ServerWebExchange exchange) {
		String path = exchange.getRequest().getPath().value();
		return path.equals("/v1/chat/completions") || path.equals("/v1/completions");
	}

	private boolean isAdmin(String key) {
		return this.adminKey != null && key != null
				&& MessageDigest.isEqual(this.adminKey, key.getBytes(StandardCharsets.UTF_8));
	}

	private static String bearer(ServerWebExchange exchange) {
		String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return null;
		}
		String key = header.substring(7).strip();
		return key.isEmpty() ? null : key;
	}

	private static Mono<Void> unauthorized(ServerWebExchange exchange, String message) {
		return ApiErrors.write(exchange.getResponse(), HttpStatus.UNAUTHORIZED, message, "invalid_request_error", null,
				"invalid_api_key");
	}

}
