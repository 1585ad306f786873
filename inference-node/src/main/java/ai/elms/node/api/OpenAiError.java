package ai.elms.node.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * OpenAI's error body: {@code {"error": {"message", "type", "param", "code"}}}.
 *
 * @param error the error
 */
record OpenAiError(Detail error) {

	static final String INVALID_REQUEST = "invalid_request_error";

	static final String RATE_LIMIT = "rate_limit_error";

	static final String SERVER_ERROR = "server_error";

	static OpenAiError of(String message, String type, String param, String code) {
		return new OpenAiError(new Detail(message, type, param, code));
	}

	/**
	 * @param message what went wrong, for a person
	 * @param type the error class: {@code invalid_request_error},
	 * {@code rate_limit_error} or {@code server_error}
	 * @param param the request field at fault, if any
	 * @param code a machine-readable code, if any
	 */
	@JsonInclude(JsonInclude.Include.ALWAYS)
	record Detail(String message, String type, String param, String code) {
	}

}
