package ai.elms.engine.orchestration;

import java.util.Arrays;

/**
 * A chat prompt's tokens with where its system part and user part lie: compression
 * shortens the system part and never touches the rest.
 *
 * @param tokens the rendered prompt's tokens
 * @param systemStart first token of the system part
 * @param systemEnd end (exclusive) of the system part
 * @param userStart first token of the user part
 * @param userEnd end (exclusive) of the user part
 */
public record PromptParts(int[] tokens, int systemStart, int systemEnd, int userStart, int userEnd) {

	public PromptParts {
		if (!(0 <= systemStart && systemStart <= systemEnd && systemEnd <= userStart && userStart <= userEnd
				&& userEnd <= tokens.length)) {
			throw new IllegalArgumentException("the system part must come before the user part, inside the prompt");
		}
	}

	/**
	 * Finds the system part's tokens (their first occurrence) and the user part's (their
	 * last occurrence after the system part) in a prompt. A chat template's markers are
	 * special tokens, so each part tokenizes alone as inside it.
	 * @throws IllegalArgumentException if they are not found
	 */
	public static PromptParts locate(int[] tokens, int[] system, int[] user) {
		int systemStart = indexOf(tokens, system, 0);
		int userStart = (systemStart < 0) ? -1 : lastIndexOf(tokens, user, systemStart + system.length);
		if (systemStart < 0 || userStart < 0) {
			throw new IllegalArgumentException("the system or user part does not tokenize alone as in the prompt");
		}
		return new PromptParts(tokens, systemStart, systemStart + system.length, userStart, userStart + user.length);
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
		for (int i = from; i + part.length <= tokens.length; i++) {
			if (matches(tokens, part, i)) {
				return i;
			}
		}
		return -1;
	}

	private static int lastIndexOf(int[] tokens, int[] part, int from) {
		for (int i = tokens.length - part.length; i >= from; i--) {
			if (matches(tokens, part, i)) {
				return i;
			}
		}
		return -1;
	}

	private static boolean matches(int[] tokens, int[] part, int at) {
		for (int j = 0; j < part.length; j++) {
			if (tokens[at + j] != part[j]) {
				return false;
			}
		}
		return true;
	}

}
