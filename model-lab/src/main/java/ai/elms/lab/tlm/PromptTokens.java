package ai.elms.lab.tlm;

import java.util.Arrays;
import java.util.List;

import ai.elms.engine.ChatMessage;
import ai.elms.engine.text.Tokenizer;
import ai.elms.lab.tasks.TaskItem;
import ai.elms.lab.tokenizer.ChatFormat;

/**
 * A task item's chat prompt as the LLM reads it, with where its system and user parts
 * lie: compression works on the system part's tokens and never touches the rest.
 *
 * @param tokens the rendered prompt's tokens
 * @param systemStart first token of the system part
 * @param systemEnd end (exclusive) of the system part
 * @param userStart first token of the user part
 * @param userEnd end (exclusive) of the user part
 */
public record PromptTokens(int[] tokens, int systemStart, int systemEnd, int userStart, int userEnd) {

	/**
	 * Tokenizes an item's prompt in the package's chat format. The template's markers are
	 * special tokens, so the system and user parts tokenize alone exactly as inside it.
	 */
	public static PromptTokens of(Tokenizer tokenizer, TaskItem item) {
		int[] tokens = tokenizer.encode(ChatFormat.TEMPLATE
			.render(List.of(new ChatMessage("system", item.system()), new ChatMessage("user", item.user()))));
		int[] system = tokenizer.encode(item.system());
		int[] user = tokenizer.encode(item.user());
		int systemStart = indexOf(tokens, system, 0);
		int userStart = indexOf(tokens, user, systemStart + system.length);
		if (systemStart < 0 || userStart < 0) {
			throw new IllegalStateException(
					item.id() + ": the system or user part does not tokenize alone as in the prompt");
		}
		return new PromptTokens(tokens, systemStart, systemStart + system.length, userStart, userStart + user.length);
	}

	public int[] system() {
		return Arrays.copyOfRange(this.tokens, this.systemStart, this.systemEnd);
	}

	public int[] user() {
		return Arrays.copyOfRange(this.tokens, this.userStart, this.userEnd);
	}

	/** The tiny model's input: the system part's tokens, then the user part's. */
	public int[] content() {
		int[] system = system();
		int[] user = user();
		int[] content = Arrays.copyOf(system, system.length + user.length);
		System.arraycopy(user, 0, content, system.length, user.length);
		return content;
	}

	/** The prompt with the system part replaced by {@code system} (a compressed one). */
	public int[] withSystem(int[] system) {
		int[] out = new int[this.tokens.length - (this.systemEnd - this.systemStart) + system.length];
		System.arraycopy(this.tokens, 0, out, 0, this.systemStart);
		System.arraycopy(system, 0, out, this.systemStart, system.length);
		System.arraycopy(this.tokens, this.systemEnd, out, this.systemStart + system.length,
				this.tokens.length - this.systemEnd);
		return out;
	}

	private static int indexOf(int[] tokens, int[] part, int from) {
		outer: for (int i = from; i + part.length <= tokens.length; i++) {
			for (int j = 0; j < part.length; j++) {
				if (tokens[i + j] != part[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

}
