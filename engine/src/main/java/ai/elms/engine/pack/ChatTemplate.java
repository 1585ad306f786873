package ai.elms.engine.pack;

import java.util.List;

import ai.elms.engine.ChatMessage;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Turns chat messages into a prompt: each message becomes
 * {@code prefix(role) + content + end}, then the assistant prefix opens the answer.
 *
 * @param system prefix of a system message
 * @param user prefix of a user message
 * @param assistant prefix of an assistant message, also the generation prompt
 * @param end text that closes every message, normally the end-of-sequence token
 * @param answerLead text the model writes first in every answer, before its content: a
 * space for a byte-level tokenizer, whose words carry their leading space (" dog" is one
 * token where "dog" at the start of a line is two, and a small model knows the words in
 * their usual form). It is part of every assistant message the template renders and of
 * every answer option scored, and is left out of the text a generation returns. Empty
 * when absent.
 */
public record ChatTemplate(@JsonProperty("system") String system, @JsonProperty("user") String user,
		@JsonProperty("assistant") String assistant, @JsonProperty("end") String end,
		@JsonProperty("answer_lead") @JsonInclude(JsonInclude.Include.NON_EMPTY) String answerLead) {

	public ChatTemplate {
		answerLead = (answerLead != null) ? answerLead : "";
	}

	public ChatTemplate(String system, String user, String assistant, String end) {
		this(system, user, assistant, end, "");
	}

	/** The end-of-message marker of the default template, also its end of sequence. */
	public static final String DEFAULT_END = "<|end|>";

	/**
	 * The markers of the default template, held as single tokens by the tokenizer (ids
	 * 256 ...).
	 */
	public static final List<String> DEFAULT_SPECIAL_TOKENS = List.of(DEFAULT_END, "<|system|>", "<|user|>",
			"<|assistant|>");

	/**
	 * The template of generated packages and of the model-lab's trained ones: answers
	 * open with a space.
	 */
	public static final ChatTemplate DEFAULT = new ChatTemplate("<|system|>\n", "<|user|>\n", "<|assistant|>\n",
			DEFAULT_END + "\n", " ");

	public String render(List<ChatMessage> messages) {
		StringBuilder prompt = new StringBuilder();
		for (ChatMessage message : messages) {
			prompt.append(prefix(message.role()));
			String content = message.role().equals("assistant") ? answer(message.content()) : message.content();
			prompt.append(content).append(this.end);
		}
		return prompt.append(this.assistant).toString();
	}

	/** An answer's text as the model writes it: the answer lead, then the content. */
	public String answer(String content) {
		return this.answerLead + content;
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
