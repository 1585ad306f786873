package ai.elms.engine;

/**
 * One message of a chat prompt.
 *
 * @param role {@code system}, {@code user} or {@code assistant}
 * @param content the message text
 */
public record ChatMessage(String role, String content) {
}
