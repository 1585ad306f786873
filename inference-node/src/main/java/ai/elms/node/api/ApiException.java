package ai.elms.node.api;

import org.springframework.http.HttpStatus;

/** A request the API refuses, answered in OpenAI's error shape. */
class ApiException extends RuntimeException {

	private final HttpStatus status;

	private final String type;

	private final String param;

	private final String code;

	ApiException(HttpStatus status, String type, String message, String param, String code) {
		super(message);
		this.status = status;
		this.type = type;
		this.param = param;
		this.code = code;
	}

	static ApiException invalidRequest(String message, String param) {
		return new ApiException(HttpStatus.BAD_REQUEST, OpenAiError.INVALID_REQUEST, message, param, null);
	}

	static ApiException contextLengthExceeded(String message, String param) {
		return new ApiException(HttpStatus.BAD_REQUEST, OpenAiError.INVALID_REQUEST, message, param,
				"context_length_exceeded");
	}

	HttpStatus status() {
		return this.status;
	}

	OpenAiError body() {
		return OpenAiError.of(getMessage(), this.type, this.param, this.code);
	}

}
