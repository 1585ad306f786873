package ai.elms.node.api;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.elms.node.model.ModelNotReadyException;
import ai.elms.node.scheduling.QueueFullException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebExceptionHandler;

/**
 * Answers every failure, on every path, with OpenAI's error body: invalid requests,
 * unknown paths and methods, a full queue, a model that is not ready, and anything
 * unexpected. Runs before Spring Boot's own error handler.
 */
@Component
@Order(-2)
class OpenAiErrorHandler implements WebExceptionHandler {

	private static final Logger logger = LoggerFactory.getLogger(OpenAiErrorHandler.class);

	/** Jackson's pointer into the source, of no use to a client. */
	private static final Pattern JSON_LOCATION = Pattern.compile("\\s*\\(?(start marker )?at \\[Source:.*$",
			Pattern.DOTALL);

	private static final Pattern CAMEL_HUMP = Pattern.compile("([a-z0-9])([A-Z])");

	private final JsonMapper json;

	OpenAiErrorHandler(JsonMapper json) {
		this.json = json;
	}

	@Override
	public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
		ServerHttpResponse response = exchange.getResponse();
		if (response.isCommitted()) {
			return Mono.error(ex);
		}
		Reply reply = describe(ex, exchange.getRequest());
		response.setStatusCode(reply.status());
		HttpHeaders headers = response.getHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		headers.addAll(reply.headers());
		byte[] body = this.json.writeValueAsBytes(reply.body());
		return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
	}

	Reply describe(Throwable ex) {
		return describe(ex, null);
	}

	private Reply describe(Throwable ex, ServerHttpRequest request) {
		if (ex instanceof ApiException api) {
			return new Reply(api.status(), api.body());
		}
		if (ex instanceof QueueFullException) {
			return new Reply(HttpStatus.TOO_MANY_REQUESTS,
					OpenAiError.of(ex.getMessage(), OpenAiError.RATE_LIMIT, null, "queue_full"))
				.retryAfter(1);
		}
		if (ex instanceof ModelNotReadyException) {
			return new Reply(HttpStatus.SERVICE_UNAVAILABLE,
					OpenAiError.of(ex.getMessage(), OpenAiError.SERVER_ERROR, null, "model_not_ready"))
				.retryAfter(5);
		}
		if (ex instanceof WebExchangeBindException invalid) {
			return invalid(invalid);
		}
		if (ex instanceof ServerWebInputException input) {
			return unreadable(input);
		}
		if (ex instanceof MethodNotAllowedException notAllowed) {
			Reply reply = new Reply(HttpStatus.METHOD_NOT_ALLOWED,
					OpenAiError.of(
							"method " + notAllowed.getHttpMethod() + " is not allowed here; allowed: "
									+ notAllowed.getSupportedMethods().stream().map(HttpMethod::name).sorted().toList(),
							OpenAiError.INVALID_REQUEST, null, "method_not_allowed"));
			reply.headers().setAllow(notAllowed.getSupportedMethods());
			return reply;
		}
		if (ex instanceof ResponseStatusException status && status.getStatusCode().value() == 413) {
			return new Reply(HttpStatus.CONTENT_TOO_LARGE,
					OpenAiError.of("the request body is too large", OpenAiError.INVALID_REQUEST, null, null));
		}
		if (ex instanceof ResponseStatusException status && status.getStatusCode().value() == 415) {
			return new Reply(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
					OpenAiError.of("the request body must be JSON (Content-Type: application/json)",
							OpenAiError.INVALID_REQUEST, null, "unsupported_media_type"));
		}
		if (ex instanceof ResponseStatusException status && status.getStatusCode().value() == 404) {
			String url = (request != null) ? request.getMethod() + " " + request.getPath().value() : "this URL";
			return new Reply(HttpStatus.NOT_FOUND,
					OpenAiError.of("unknown request URL: " + url, OpenAiError.INVALID_REQUEST, null, "unknown_url"));
		}
		if (ex instanceof ResponseStatusException status) {
			HttpStatus code = HttpStatus.valueOf(status.getStatusCode().value());
			return new Reply(code,
					OpenAiError.of((status.getReason() != null) ? status.getReason() : code.getReasonPhrase(),
							code.is5xxServerError() ? OpenAiError.SERVER_ERROR : OpenAiError.INVALID_REQUEST, null,
							null));
		}
		if (ex instanceof IllegalArgumentException) {
			return new Reply(HttpStatus.BAD_REQUEST,
					OpenAiError.of(ex.getMessage(), OpenAiError.INVALID_REQUEST, null, null));
		}
		logger.error("Request failed", ex);
		return new Reply(HttpStatus.INTERNAL_SERVER_ERROR,
				OpenAiError.of("the server failed to process the request", OpenAiError.SERVER_ERROR, null, null));
	}

	private Reply invalid(WebExchangeBindException ex) {
		FieldError field = ex.getFieldError();
		if (field == null) {
			return badRequest(ex.getReason(), null);
		}
		String param = jsonPath(field.getField());
		return badRequest(param + " " + field.getDefaultMessage(), param);
	}

	private Reply unreadable(ServerWebInputException ex) {
		Throwable cause = ex;
		while (cause != null && !(cause instanceof JacksonException)) {
			cause = cause.getCause();
		}
		if (cause instanceof StreamReadException parse) {
			String problem = JSON_LOCATION.matcher(parse.getOriginalMessage()).replaceAll("");
			return badRequest("the request body is not valid JSON: " + problem, null);
		}
		if (cause instanceof JacksonException mapping) {
			String param = jsonPath(mapping.getPath());
			String expected = (mapping instanceof MismatchedInputException mismatch) ? expected(mismatch) : null;
			String subject = param.isEmpty() ? "the request body" : param;
			String message = subject + " "
					+ ((expected != null) ? "must be " + expected : mapping.getOriginalMessage());
			return badRequest(message, param.isEmpty() ? null : param);
		}
		String reason = ex.getReason();
		if (reason != null && reason.toLowerCase(Locale.ROOT).contains("no request body")) {
			return badRequest("the request body is missing: send a JSON object", null);
		}
		return badRequest((reason != null) ? reason : "the request could not be read", null);
	}

	/**
	 * What a mismatched value should have been, for the types a request has; null for
	 * custom messages.
	 */
	private static String expected(MismatchedInputException mismatch) {
		Class<?> target = mismatch.getTargetType();
		if (target == null || target == MessageContent.class) {
			return null;
		}
		if (target == Integer.class || target == int.class || target == Long.class || target == long.class) {
			return "an integer";
		}
		if (target == Double.class || target == double.class) {
			return "a number";
		}
		if (target == Boolean.class || target == boolean.class) {
			return "a boolean";
		}
		if (target == String.class) {
			return "a string";
		}
		if (Collection.class.isAssignableFrom(target)) {
			return "an array";
		}
		return "an object";
	}

	private static String jsonPath(List<JacksonException.Reference> path) {
		StringBuilder param = new StringBuilder();
		for (JacksonException.Reference reference : path) {
			if (reference.getPropertyName() != null) {
				param.append(param.isEmpty() ? "" : ".").append(reference.getPropertyName());
			}
			else if (reference.getIndex() >= 0) {
				param.append('[').append(reference.getIndex()).append(']');
			}
		}
		return param.toString();
	}

	/**
	 * {@code messages[0].role} stays, {@code maxTokens} becomes {@code max_tokens}, list
	 * elements lose their marker.
	 */
	static String jsonPath(String beanPath) {
		String path = beanPath.replace(".<list element>", "");
		Matcher hump = CAMEL_HUMP.matcher(path);
		return hump.replaceAll("$1_$2").toLowerCase(Locale.ROOT);
	}

	private static Reply badRequest(String message, String param) {
		return new Reply(HttpStatus.BAD_REQUEST, OpenAiError.of(message, OpenAiError.INVALID_REQUEST, param, null));
	}

	/**
	 * A status, a body and extra headers.
	 *
	 * @param status the HTTP status
	 * @param body OpenAI's error body
	 * @param headers such as Allow or Retry-After
	 */
	record Reply(HttpStatus status, OpenAiError body, HttpHeaders headers) {

		Reply(HttpStatus status, OpenAiError body) {
			this(status, body, new HttpHeaders());
		}

		Reply retryAfter(int seconds) {
			this.headers.set(HttpHeaders.RETRY_AFTER, Integer.toString(seconds));
			return this;
		}

	}

}
