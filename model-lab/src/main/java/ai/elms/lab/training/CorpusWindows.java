package ai.elms.lab.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.stream.IntStream;

import ai.elms.engine.text.Tokenizer;
import ai.elms.lab.data.Document;
import ai.elms.lab.tokenizer.ChatFormat;

/**
 * The corpus as one token stream per source, documents separated by the end token; a row
 * is a window of one source's stream, the source drawn by its weight. One document in a
 * hundred is held out for validation.
 */
final class CorpusWindows implements BatchSource {

	static final int HELD_OUT_EVERY = 100;

	private static final long TRAIN_PURPOSE = 1;

	private static final long HELD_OUT_PURPOSE = 2;

	private final Map<String, int[]> streams;

	private final int[] heldOut;

	private final String[] sources;

	private final double[] cumulative;

	private final long seed;

	private final int batchTokens;

	private final int length;

	private CorpusWindows(Map<String, int[]> streams, int[] heldOut, Map<String, Double> weights, long seed,
			int batchTokens, int length) {
		this.streams = streams;
		this.heldOut = heldOut;
		this.seed = seed;
		this.batchTokens = batchTokens;
		this.length = length;
		List<String> drawn = new ArrayList<>();
		List<Double> sums = new ArrayList<>();
		double sum = 0;
		for (Map.Entry<String, int[]> stream : streams.entrySet()) {
			double weight = weights.getOrDefault(stream.getKey(), 0.0);
			if (weight > 0 && stream.getValue().length > length + 1) {
				sum += weight;
				drawn.add(stream.getKey());
				sums.add(sum);
			}
		}
		if (drawn.isEmpty() || heldOut.length <= length + 1) {
			throw new IllegalArgumentException("the corpus is too small for rows of " + length + " tokens");
		}
		this.sources = drawn.toArray(String[]::new);
		this.cumulative = new double[sums.size()];
		for (int i = 0; i < this.cumulative.length; i++) {
			this.cumulative[i] = sums.get(i) / sum;
		}
	}

	/**
	 * Tokenizes the corpus (in parallel) and splits off the held-out documents.
	 * @param weights share of the rows per source; sources not named are not drawn
	 */
	static CorpusWindows of(List<Document> corpus, Tokenizer tokenizer, Map<String, Double> weights, long seed,
			int batchTokens, int length) {
		int end = tokenizer.tokenId(ChatFormat.END);
		int[][] encoded = new int[corpus.size()][];
		IntStream.range(0, corpus.size())
			.parallel()
			.forEach((i) -> encoded[i] = tokenizer.encode(corpus.get(i).text()));
		Map<String, TokenStream> builders = new TreeMap<>();
		TokenStream heldOut = new TokenStream();
		for (int i = 0; i < corpus.size(); i++) {
			TokenStream stream = (i % HELD_OUT_EVERY == 0) ? heldOut
					: builders.computeIfAbsent(corpus.get(i).source(), (source) -> new TokenStream());
			stream.add(encoded[i]);
			stream.add(end);
		}
		Map<String, int[]> streams = new LinkedHashMap<>();
		builders.forEach((source, stream) -> streams.put(source, stream.toArray()));
		return new CorpusWindows(streams, heldOut.toArray(), weights, seed, batchTokens, length);
	}

	/** Training tokens per source. */
	Map<String, Integer> sizes() {
		Map<String, Integer> sizes = new LinkedHashMap<>();
		this.streams.forEach((source, stream) -> sizes.put(source, stream.length));
		return sizes;
	}

	@Override
	public TokenBatch batch(long step) {
		SplittableRandom random = Seeds.of(this.seed, TRAIN_PURPOSE, step);
		int rows = Math.max(1, this.batchTokens / this.length);
		int[][] windows = new int[rows][];
		for (int r = 0; r < rows; r++) {
			int[] stream = this.streams.get(source(random.nextDouble()));
			windows[r] = window(stream, random);
		}
		return batchOf(windows);
	}

	/** A fixed batch of held-out windows. */
	TokenBatch heldOut(int index) {
		SplittableRandom random = Seeds.of(this.seed, HELD_OUT_PURPOSE, index);
		int rows = Math.max(1, this.batchTokens / this.length);
		int[][] windows = new int[rows][];
		for (int r = 0; r < rows; r++) {
			windows[r] = window(this.heldOut, random);
		}
		return batchOf(windows);
	}

	private String source(double draw) {
		for (int i = 0; i < this.cumulative.length; i++) {
			if (draw < this.cumulative[i]) {
				return this.sources[i];
			}
		}
		return this.sources[this.sources.length - 1];
	}

	/** length + 1 consecutive tokens: the inputs and, shifted by one, the targets. */
	private int[] window(int[] stream, SplittableRandom random) {
		int start = random.nextInt(stream.length - this.length);
		return Arrays.copyOfRange(stream, start, start + this.length + 1);
	}

	private TokenBatch batchOf(int[][] windows) {
		int rows = windows.length;
		long[] ids = new long[rows * this.length];
		long[] positions = new long[rows * this.length];
		long[] targets = new long[rows * this.length];
		int[] answers = new int[rows * this.length];
		for (int r = 0; r < rows; r++) {
			for (int t = 0; t < this.length; t++) {
				int flat = r * this.length + t;
				ids[flat] = windows[r][t];
				positions[flat] = flat;
				targets[flat] = windows[r][t + 1];
				answers[flat] = -1;
			}
		}
		return new TokenBatch(rows, this.length, ids, positions, targets, answers, ids.length);
	}

	/** A growable int array. */
	static final class TokenStream {

		private int[] tokens = new int[1 << 16];

		private int size;

		void add(int token) {
			grow(1);
			this.tokens[this.size++] = token;
		}

		void add(int[] more) {
			grow(more.length);
			System.arraycopy(more, 0, this.tokens, this.size, more.length);
			this.size += more.length;
		}

		int[] toArray() {
			return Arrays.copyOf(this.tokens, this.size);
		}

		private void grow(int more) {
			if (this.size + more > this.tokens.length) {
				this.tokens = Arrays.copyOf(this.tokens, Math.max(this.tokens.length * 2, this.size + more));
			}
		}

	}

}
