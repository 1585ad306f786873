package ai.elms.gateway.teams;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.Function;

import ai.elms.gateway.ApiErrors;
import ai.elms.gateway.config.GatewayProperties;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpResponse;
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
public class Authentication implements WebFilter, Ordered {

	private static final Mono<Admission> ADMIN = Mono.just(new Admission(Caller.ADMIN, null, null, null, null, 0));

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
		if (!path.equals("/admin") && !path.startsWith("/admin/") && !path.startsWith("/v1/")) {
			return chain.filter(exchange);
		}
		return admit(path, exchange.getRequest().getHeaders(), exchange.getResponse(), (caller) -> {
			exchange.getAttributes().put(Caller.ATTRIBUTE, caller);
			return chain.filter(exchange);
		});
	}

	/**
	 * Lets a request under {@code /admin/} or {@code /v1/} go on as its caller, or
	 * answers it with the error.
	 * @param then what follows for an admitted caller
	 */
	public Mono<Void> admit(String path, HttpHeaders headers, ServerHttpResponse response,
			Function<Caller, Mono<Void>> then) {
		return admission(path, headers.getFirst(HttpHeaders.AUTHORIZATION)).flatMap((admission) -> {
			if (admission.caller() != null) {
				return then.apply(admission.caller());
			}
			if (admission.retryAfterSeconds() > 0) {
				response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(admission.retryAfterSeconds()));
			}
			return ApiErrors.write(response, admission.status(), admission.message(), admission.type(), null,
					admission.code());
		});
	}

	/**
	 * Whether a request under {@code /admin/} or {@code /v1/} may go on, and as whom.
	 * Answers at once when the key is known; a key not seen lately is looked up off the
	 * calling thread.
	 * @param authorization the request's {@code Authorization} header, or null
	 */
	public Mono<Admission> admission(String path, String authorization) {
		String key = bearer(authorization);
		if (path.equals("/admin") || path.startsWith("/admin/")) {
			if (this.adminKey == null) {
				return Mono.just(new Admission(null, HttpStatus.FORBIDDEN,
						"The admin API is off: start the gateway with ELMS_ADMIN_KEY set.", "permission_error", null,
						0));
			}
			if (!isAdmin(key)) {
				return unauthorized("The admin API needs the admin key: Authorization: Bearer ELMS_ADMIN_KEY.");
			}
			return ADMIN;
		}
		if (key == null) {
			return unauthorized("You didn't provide an API key. Give your team's key as Authorization: Bearer KEY.");
		}
		if (isAdmin(key)) {
			return ADMIN;
		}
		return this.keys.authenticate(key).flatMap((caller) -> {
			if (caller.isEmpty()) {
				return unauthorized("Incorrect API key provided, or the key was revoked.");
			}
			long wait = completion(path) ? this.limiter.take(caller.get().keyId(), System.nanoTime()) : 0;
			if (wait > 0) {
				return Mono.just(new Admission(null, HttpStatus.TOO_MANY_REQUESTS,
						"Rate limit reached for this key; retry after " + wait + " s.", "rate_limit_exceeded",
						"rate_limit_exceeded", wait));
			}
			return Mono.just(new Admission(caller.get(), null, null, null, null, 0));
		});
	}

	/**
	 * A caller let in, or the error it gets instead (an OpenAI error's status, message,
	 * type and code, and for 429 the seconds until it may retry).
	 */
	public record Admission(Caller caller, HttpStatus status, String message, String type, String code,
			long retryAfterSeconds) {
	}

	/** Whether the request asks for a completion: what the rate limit counts. */
	private static boolean completion(String path) {
		return path.equals("/v1/chat/completions") || path.equals("/v1/completions");
	}

	private boolean isAdmin(String key) {
		return this.adminKey != null && key != null
				&& MessageDigest.isEqual(this.adminKey, key.getBytes(StandardCharsets.UTF_8));
	}

	private static String bearer(String header) {
		if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return null;
		}
		String key = header.substring(7).strip();
		return key.isEmpty() ? null : key;
	}

	private static Mono<Admission> unauthorized(String message) {
		return Mono
			.just(new Admission(null, HttpStatus.UNAUTHORIZED, message, "invalid_request_error", "invalid_api_key", 0));
	}

}
