package ai.elms.engine.text;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.TokenizersLibrary;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Hugging Face {@code tokenizer.json}, run by DJL's binding of the tokenizers library.
 *
 * <p>
 * The library splits a text at its added tokens (the chat template's markers) before
 * anything else and encodes each piece between them on its own, so the tokens of a piece
 * do not depend on the rest of the text. Where the tokenizer's added tokens match as
 * plain strings (no normalizer, no stripping, not whole words only), this class does the
 * same split and keeps the tokens of recent pieces: an app's system prompt, repeated in
 * every request, is encoded once, and so is every answer option. A tokenizer whose added
 * tokens match otherwise encodes every text whole.
 */
public final class Tokenizer implements AutoCloseable {

	/** Characters of pieces kept: a hundred long system prompts and their options. */
	static final int CACHED_CHARS = 1 << 20;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HuggingFaceTokenizer tokenizer;

	/** The added tokens, longest first (the library matches the longest), or null. */
	private final List<AddedToken> addedTokens;

	/** The first characters of the added tokens: where a match can start. */
	private final String addedStarts;

	private final PieceCache pieces = new PieceCache(CACHED_CHARS);

	private volatile boolean closed;

	/** An added token and its id as a piece of one token, never written. */
	private record AddedToken(String content, int[] ids) {
	}

	private Tokenizer(HuggingFaceTokenizer tokenizer, List<AddedToken> addedTokens) {
		this.tokenizer = tokenizer;
		this.addedTokens = addedTokens;
		StringBuilder starts = new StringBuilder();
		if (addedTokens != null) {
			addedTokens.forEach((token) -> starts.append(token.content().charAt(0)));
		}
		this.addedStarts = starts.toString();
	}

	public static Tokenizer load(Path tokenizerJson) throws IOException {
		List<AddedToken> added = plainAddedTokens(JSON.readTree(tokenizerJson.toFile()));
		return new Tokenizer(HuggingFaceTokenizer.newInstance(tokenizerJson,
				Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false")), added);
	}

	/**
	 * The added tokens, if each matches wherever its text occurs (the library's rule
	 * without a normalizer, stripping or word boundaries); else null.
	 */
	private static List<AddedToken> plainAddedTokens(JsonNode json) {
		JsonNode normalizer = json.path("normalizer");
		if (!normalizer.isMissingNode() && !normalizer.isNull()) {
			return null;
		}
		List<AddedToken> added = new ArrayList<>();
		for (JsonNode token : json.path("added_tokens")) {
			if (token.path("single_word").asBoolean(false) || token.path("lstrip").asBoolean(false)
					|| token.path("rstrip").asBoolean(false) || token.path("content").asString("").isEmpty()) {
				return null;
			}
			added.add(new AddedToken(token.path("content").asString(), new int[] { token.path("id").asInt() }));
		}
		added.sort(Comparator.comparingInt((AddedToken token) -> token.content().length()).reversed());
		return List.copyOf(added);
	}

	/**
	 * Token ids of text; added special tokens written in the text are recognized. Only
	 * the ids cross from the native library: DJL's {@code Encoding} would also copy out
	 * every token's string, offsets and masks, which takes longer than the encoding
	 * itself (1.5 against 0.66 ms for a 950-token prompt).
	 */
	public int[] encode(String text) {
		if (this.closed) {
			throw new IllegalStateException("the tokenizer is closed");
		}
		if (this.addedTokens == null) {
			return encodeWhole(text);
		}
		List<int[]> pieces = new ArrayList<>();
		int from = 0;
		int at = 0;
		while (at < text.length()) {
			AddedToken token = addedTokenAt(text, at);
			if (token == null) {
				at++;
				continue;
			}
			if (at > from) {
				pieces.add(piece(text.substring(from, at)));
			}
			pieces.add(token.ids());
			at += token.content().length();
			from = at;
		}
		if (from < text.length()) {
			pieces.add(piece((from == 0) ? text : text.substring(from)));
		}
		int[] tokens = new int[pieces.stream().mapToInt((piece) -> piece.length).sum()];
		int next = 0;
		for (int[] piece : pieces) {
			System.arraycopy(piece, 0, tokens, next, piece.length);
			next += piece.length;
		}
		return tokens;
	}

	private AddedToken addedTokenAt(String text, int at) {
		if (this.addedStarts.indexOf(text.charAt(at)) < 0) {
			return null;
		}
		for (AddedToken token : this.addedTokens) {
			if (text.startsWith(token.content(), at)) {
				return token;
			}
		}
		return null;
	}

	/** A text without added tokens, from the cache or the library. */
	private int[] piece(String text) {
		int[] tokens = this.pieces.get(text);
		if (tokens == null) {
			tokens = encodeWhole(text);
			this.pieces.put(text, tokens);
		}
		return tokens;
	}

	private int[] encodeWhole(String text) {
		long encoding = TokenizersLibrary.LIB.encode(this.tokenizer.getHandle(), text, false);
		try {
			long[] ids = TokenizersLibrary.LIB.getTokenIds(encoding);
			int[] tokens = new int[ids.length];
			for (int i = 0; i < ids.length; i++) {
				tokens[i] = Math.toIntExact(ids[i]);
			}
			return tokens;
		}
		finally {
			TokenizersLibrary.LIB.deleteEncoding(encoding);
		}
	}

	/** Text of tokens, special tokens left out. */
	public String decode(int[] tokens, int from, int to) {
		long[] ids = new long[to - from];
		for (int i = from; i < to; i++) {
			ids[i - from] = tokens[i];
		}
		return this.tokenizer.decode(ids, true);
	}

	/** The id of a token that encodes to exactly one id. */
	public int tokenId(String token) {
		int[] ids = encode(token);
		if (ids.length != 1) {
			throw new IllegalArgumentException("'" + token + "' is not a single token");
		}
		return ids[0];
	}

	/** How many pieces are kept, for tests. */
	int cachedPieces() {
		return this.pieces.size();
	}

	@Override
	public void close() {
		this.closed = true;
		this.tokenizer.close();
	}

}
