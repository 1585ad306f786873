package ai.elms.engine.text;

/**
 * Turns generated tokens into text one token at a time. A token can end inside a
 * multi-byte character, so text is released only once it decodes without a replacement
 * character; each decode covers a short window of tokens, never the whole output.
 */
public final class IncrementalDecoder {

	private final Tokenizer tokenizer;

	private int[] tokens = new int[64];

	private int size;

	private int prefixOffset;

	private int readOffset;

	public IncrementalDecoder(Tokenizer tokenizer) {
		this.tokenizer = tokenizer;
	}

	/** Adds a token; returns the text it completes, possibly empty. */
	public String add(int token) {
		if (this.size == this.tokens.length) {
			this.tokens = java.util.Arrays.copyOf(this.tokens, this.size * 2);
		}
		this.tokens[this.size++] = token;
		String prefix = this.tokenizer.decode(this.tokens, this.prefixOffset, this.readOffset);
		String full = this.tokenizer.decode(this.tokens, this.prefixOffset, this.size);
		if (full.length() > prefix.length() && !full.endsWith("\uFFFD")) {
			this.prefixOffset = this.readOffset;
			this.readOffset = this.size;
			return full.substring(prefix.length());
		}
		return "";
	}

}
