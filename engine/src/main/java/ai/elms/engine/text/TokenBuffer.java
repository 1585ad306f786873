package ai.elms.engine.text;

import java.util.Arrays;

/** A growing array of token ids. */
final class TokenBuffer {

	private int[] tokens;

	private int size;

	TokenBuffer(int capacity) {
		this.tokens = new int[Math.max(1, capacity)];
	}

	void add(int token) {
		room(1);
		this.tokens[this.size++] = token;
	}

	void add(int[] more) {
		room(more.length);
		System.arraycopy(more, 0, this.tokens, this.size, more.length);
		this.size += more.length;
	}

	int[] toArray() {
		return Arrays.copyOf(this.tokens, this.size);
	}

	private void room(int more) {
		if (this.size + more > this.tokens.length) {
			this.tokens = Arrays.copyOf(this.tokens, Math.max(this.tokens.length * 2, this.size + more));
		}
	}

}
