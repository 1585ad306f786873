package ai.elms.engine.pack;

import java.util.List;

import ai.elms.engine.ChatMessage;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Turns chat messages into a prompt: each message becomes
 * {@code prefix(role) + content + end}, then the assistant prefix opens the answer.
 *
 * @param system prefix of a system message
 * @param user prefix of a user message
 * @param assistant prefix of an assistant message, also the generation prompt
 * @param end text that closes every message, normally the end-of-sequence token
 */
public record ChatTemplate(@JsonProperty("system") String system, @JsonProperty("user") String user,
		@JsonProperty("assistant") String assistant, @JsonProperty("end") String end) {

	/** The end-of-message marker of the default template, also its end of sequence. */
	public static final String DEFAULT_END = "<|end|>";

	/**
	 * The markers of the default template, held as single tokens by the tokenizer (ids
	 * 256 ...).
	 */
	public static final List<String> DEFAULT_SPECIAL_TOKENS = List.of(DEFAULT_END, "<|system|>", "<|user|>",
			"<|assistant|>");

	/** The template of generated packages and of the model-lab's trained ones. */
	public static final ChatTemplate DEFAULT = new ChatTemplate("<|system|>\n", "<|user|>\n", "<|assistant|>\n",
			DEFAULT_END + "\n");

	public String render(List<ChatMessage> messages) {
		StringBuilder prompt = new StringBuilder();
		for (ChatMessage message : messages) {
			prompt.append(prefix(message.role())).append(message.content()).append(this.end);
		}
		return prompt.append(this.assistant).toString();
	}

	private String prefix(String role) {
		return switch (role) {
			case "system", "developer" -> this.system;
			case "user" -> this.user;
			case "assistant" -> this.assistant;
			default -> throw new IllegalArgumentException("unknown role '" + role + "'");
		};
	}

}
