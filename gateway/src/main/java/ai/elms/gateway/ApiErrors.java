package ai.elms.gateway;

import java.util.LinkedHashMap;
import java.util.Map;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;

/** Errors in OpenAI's shape: {@code {"error": {"message", "type", "param", "code"}}}. */
public final class ApiErrors {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ApiErrors() {
	}

	/** The error body. */
	public static byte[] body(String message, String type, String param, String code) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("message", message);
		error.put("type", type);
		error.put("param", param);
		error.put("code", code);
		return JSON.writeValueAsBytes(Map.of("error", error));
	}

	/** Writes an error as the whole response. */
	public static Mono<Void> write(ServerHttpResponse response, HttpStatus status, String message, String type,
			String param, String code) {
		if (response.isCommitted()) {
			return Mono.empty();
		}
		response.setStatusCode(status);
		response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
		byte[] bytes = body(message, type, param, code);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
	}

	/** 400 invalid_request_error. */
	public static Mono<Void> invalid(ServerHttpResponse response, String message, String param) {
		return write(response, HttpStatus.BAD_REQUEST, message, "invalid_request_error", param, null);
	}

}
