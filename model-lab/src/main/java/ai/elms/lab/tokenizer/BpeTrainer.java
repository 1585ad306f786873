package ai.elms.lab.tokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import ai.elms.engine.text.ByteLevelVocabulary;
import ai.elms.lab.Progress;

/**
 * Learns byte-level BPE merges: count the pre-tokenized words of the text, then
 * repeatedly merge the most frequent adjacent pair of tokens over those words (ties: the
 * pair of lower ids), updating only the words that contain it. A pair whose merged text
 * is already a token is skipped, so every merge adds exactly one token, as
 * {@link ByteLevelVocabulary} writes them.
 */
public final class BpeTrainer {

	/** A pair must occur at least this often to be merged. */
	static final long MIN_COUNT = 2;

	private BpeTrainer() {
	}

	private record Candidate(long pair, long count) {
	}

	/**
	 * @param texts the training text, one document per element
	 * @param vocabularySize the size to reach: 256 bytes + special tokens + merges, fewer
	 * when the text runs out of pairs
	 * @param specialTokens added tokens, never produced by merges
	 */
	public static BytePairEncoding train(Collection<String> texts, int vocabularySize, List<String> specialTokens,
			Progress progress) {
		int wantedMerges = merges(vocabularySize, specialTokens);
		progress.show("counting words");
		Map<String, Long> wordCounts = countWords(texts);

		List<String> tokens = new ArrayList<>(ByteLevelVocabulary.byteSymbols());
		tokens.addAll(specialTokens);
		Set<String> taken = new HashSet<>(tokens);

		int[][] words = new int[wordCounts.size()][];
		long[] counts = new long[wordCounts.size()];
		int w = 0;
		for (Map.Entry<String, Long> word : wordCounts.entrySet()) {
			words[w] = ByteLevelPreTokenizer.bytes(word.getKey());
			counts[w++] = word.getValue();
		}
		Map<Long, Long> pairCounts = new HashMap<>();
		Map<Long, IntList> where = new HashMap<>();
		for (w = 0; w < words.length; w++) {
			for (int i = 0; i + 1 < words[w].length; i++) {
				long pair = BytePairEncoding.pair(words[w][i], words[w][i + 1]);
				pairCounts.merge(pair, counts[w], Long::sum);
				where.computeIfAbsent(pair, (p) -> new IntList()).add(w);
			}
		}
		PriorityQueue<Candidate> queue = new PriorityQueue<>(
				Comparator.comparingLong(Candidate::count).reversed().thenComparingLong(Candidate::pair));
		pairCounts.forEach((pair, count) -> queue.add(new Candidate(pair, count)));

		progress.show("merges");
		List<String> merges = new ArrayList<>(wantedMerges);
		Set<Long> skipped = new HashSet<>();
		while (merges.size() < wantedMerges && !queue.isEmpty()) {
			Candidate best = queue.poll();
			long count = pairCounts.getOrDefault(best.pair(), 0L);
			if (count != best.count()) {
				if (count > 0) {
					queue.add(new Candidate(best.pair(), count));
				}
				continue;
			}
			if (count < MIN_COUNT) {
				break;
			}
			int left = (int) (best.pair() >>> 32);
			int right = (int) best.pair();
			String merged = tokens.get(left) + tokens.get(right);
			if (skipped.contains(best.pair()) || !taken.add(merged)) {
				skipped.add(best.pair());
				continue;
			}
			int id = tokens.size();
			tokens.add(merged);
			merges.add(tokens.get(left) + " " + tokens.get(right));
			Map<Long, Long> delta = new HashMap<>();
			IntList affected = where.remove(best.pair());
			for (int a = 0; a < affected.size; a++) {
				int word = affected.values[a];
				int[] before = words[word];
				int[] after = merge(before, left, right, id);
				if (after == before) {
					continue; // listed for a pair it no longer has
				}
				addPairs(delta, before, -counts[word]);
				addPairs(delta, after, counts[word]);
				for (int i = 0; i + 1 < after.length; i++) {
					if (after[i] == id || after[i + 1] == id) {
						where.computeIfAbsent(BytePairEncoding.pair(after[i], after[i + 1]), (p) -> new IntList())
							.add(word);
					}
				}
				words[word] = after;
			}
			delta.forEach((pair, change) -> {
				if (change != 0) {
					long updated = pairCounts.merge(pair, change, Long::sum);
					if (change > 0) {
						queue.add(new Candidate(pair, updated));
					}
				}
			});
			pairCounts.remove(best.pair());
			progress.step();
		}
		progress.stepBy(wantedMerges - merges.size());
		return new BytePairEncoding(specialTokens, merges);
	}

	/**
	 * How many merges make a vocabulary of this size: what is left after bytes and
	 * special tokens.
	 */
	public static int merges(int vocabularySize, List<String> specialTokens) {
		int merges = vocabularySize - 256 - specialTokens.size();
		if (merges < 0) {
			throw new IllegalArgumentException("a vocabulary of " + vocabularySize + " cannot hold 256 bytes and "
					+ specialTokens.size() + " special tokens");
		}
		return merges;
	}

	/** Pre-tokenized words and how often each occurs, counted in parallel; sorted. */
	static Map<String, Long> countWords(Collection<String> texts) {
		Map<String, LongAdder> counts = new ConcurrentHashMap<>();
		texts.parallelStream()
			.forEach((text) -> ByteLevelPreTokenizer.split(text)
				.forEach((word) -> counts.computeIfAbsent(word, (k) -> new LongAdder()).increment()));
		Map<String, Long> sorted = new TreeMap<>();
		counts.forEach((word, count) -> sorted.put(word, count.sum()));
		return sorted;
	}

	/**
	 * The word with every occurrence of (left, right) merged, left to right; itself if
	 * none.
	 */
	private static int[] merge(int[] word, int left, int right, int id) {
		int[] out = null;
		int n = 0;
		for (int i = 0; i < word.length; i++) {
			if (i + 1 < word.length && word[i] == left && word[i + 1] == right) {
				if (out == null) {
					out = Arrays.copyOf(word, word.length);
					n = i;
				}
				out[n++] = id;
				i++;
			}
			else if (out != null) {
				out[n++] = word[i];
			}
		}
		return (out == null) ? word : Arrays.copyOf(out, n);
	}

	private static void addPairs(Map<Long, Long> delta, int[] word, long count) {
		for (int i = 0; i + 1 < word.length; i++) {
			delta.merge(BytePairEncoding.pair(word[i], word[i + 1]), count, Long::sum);
		}
	}

	/** A growable list of ints (word indexes), duplicates allowed. */
	private static final class IntList {

		int[] values = new int[4];

		int size;

		void add(int value) {
			if (this.size == this.values.length) {
				this.values = Arrays.copyOf(this.values, this.size * 2);
			}
			this.values[this.size++] = value;
		}

	}

}
