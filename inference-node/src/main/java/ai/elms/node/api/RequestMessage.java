package ai.elms.node.api;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * One chat message of a request.
 *
 * @param role {@code system}, {@code developer}, {@code user} or {@code assistant}
 * @param content its text
 */
record RequestMessage(
		@NotNull @Pattern(regexp = "system|developer|user|assistant",
				message = "must be one of system, developer, user, assistant") String role,
		@NotNull MessageContent content) {
}
