package ai.elms.lab.tokenizer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import ai.elms.engine.text.ByteLevelVocabulary;

/**
 * A trained byte-level BPE and its own encoder. Ids follow the engine's
 * {@link ByteLevelVocabulary}: the 256 byte symbols, then the special tokens, then one
 * token per merge in rank order. The encoder splits out special tokens, pre-tokenizes
 * with GPT-2's pattern and applies merges lowest rank first, as Hugging Face's BPE model
 * does, so it gives the ids the written {@code tokenizer.json} gives.
 */
public final class BytePairEncoding {

	private final List<String> specialTokens;

	private final List<String> merges;

	/** Token text (byte symbols) by id. */
	private final List<String> tokens = new ArrayList<>();

	/** Merge rank by pair of ids, the pair packed as {@code left << 32 | right}. */
	private final Map<Long, Integer> ranks = new HashMap<>();

	private final Map<String, int[]> cache = new ConcurrentHashMap<>();

	private final byte[] byteOfSymbol = new byte[512];

	public BytePairEncoding(List<String> specialTokens, List<String> merges) {
		this.specialTokens = List.copyOf(specialTokens);
		this.merges = List.copyOf(merges);
		List<String> symbols = ByteLevelVocabulary.byteSymbols();
		this.tokens.addAll(symbols);
		for (int b = 0; b < 256; b++) {
			this.byteOfSymbol[symbols.get(b).charAt(0)] = (byte) b;
		}
		this.tokens.addAll(this.specialTokens);
		Map<String, Integer> ids = new HashMap<>();
		for (int id = 0; id < this.tokens.size(); id++) {
			ids.put(this.tokens.get(id), id);
		}
		for (int rank = 0; rank < this.merges.size(); rank++) {
			String merge = this.merges.get(rank);
			int space = merge.indexOf(' ');
			Integer left = ids.get(merge.substring(0, space));
			Integer right = ids.get(merge.substring(space + 1));
			String merged = merge.substring(0, space) + merge.substring(space + 1);
			if (left == null || right == null || ids.containsKey(merged)) {
				throw new IllegalArgumentException("merge " + rank + " '" + merge + "' does not make a new token");
			}
			this.ranks.put(pair(left, right), rank);
			ids.put(merged, this.tokens.size());
			this.tokens.add(merged);
		}
	}

	public List<String> specialTokens() {
		return this.specialTokens;
	}

	/** Merges as {@code tokenizer.json} writes them: "left right", byte symbols. */
	public List<String> merges() {
		return this.merges;
	}

	public int size() {
		return this.tokens.size();
	}

	public ByteLevelVocabulary vocabulary() {
		return new ByteLevelVocabulary(this.specialTokens, this.merges, List.of());
	}

	/** Writes a Hugging Face {@code tokenizer.json}. */
	public void write(Path file) throws IOException {
		vocabulary().write(file);
	}

	/** Token ids of text; special tokens written in the text are recognized. */
	public int[] encode(String text) {
		List<Integer> ids = new ArrayList<>();
		int from = 0;
		while (from < text.length()) {
			int at = text.length();
			String special = null;
			for (String candidate : this.specialTokens) {
				int i = text.indexOf(candidate, from);
				boolean longerAtSamePlace = (i == at) && special != null && candidate.length() > special.length();
				if (i >= 0 && (i < at || longerAtSamePlace)) {
					at = i;
					special = candidate;
				}
			}
			for (String word : ByteLevelPreTokenizer.split(text.substring(from, at))) {
				for (int id : encodeWord(word)) {
					ids.add(id);
				}
			}
			if (special != null) {
				ids.add(256 + this.specialTokens.indexOf(special));
				at += special.length();
			}
			from = at;
		}
		return ids.stream().mapToInt(Integer::intValue).toArray();
	}

	/** The text of token ids, special tokens written out. */
	public String decode(int[] ids) {
		StringBuilder text = new StringBuilder();
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		for (int id : ids) {
			if (id >= 256 && id < 256 + this.specialTokens.size()) {
				text.append(bytes.toString(StandardCharsets.UTF_8)).append(this.specialTokens.get(id - 256));
				bytes.reset();
				continue;
			}
			for (char symbol : this.tokens.get(id).toCharArray()) {
				bytes.write(this.byteOfSymbol[symbol]);
			}
		}
		return text.append(bytes.toString(StandardCharsets.UTF_8)).toString();
	}

	/**
	 * Merges a word's bytes, the lowest-ranked adjacent pair first, every occurrence at
	 * once.
	 */
	int[] encodeWord(String word) {
		return this.cache.computeIfAbsent(word, (w) -> {
			int[] symbols = ByteLevelPreTokenizer.bytes(w);
			int length = symbols.length;
			while (length > 1) {
				int bestRank = Integer.MAX_VALUE;
				for (int i = 0; i + 1 < length; i++) {
					Integer rank = this.ranks.get(pair(symbols[i], symbols[i + 1]));
					if (rank != null && rank < bestRank) {
						bestRank = rank;
					}
				}
				if (bestRank == Integer.MAX_VALUE) {
					break;
				}
				int merged = 256 + this.specialTokens.size() + bestRank;
				int out = 0;
				for (int i = 0; i < length; i++) {
					if (i + 1 < length && this.ranks.getOrDefault(pair(symbols[i], symbols[i + 1]), -1) == bestRank) {
						symbols[out++] = merged;
						i++;
					}
					else {
						symbols[out++] = symbols[i];
					}
				}
				length = out;
			}
			return Arrays.copyOf(symbols, length);
		});
	}

	static long pair(int left, int right) {
		return ((long) left << 32) | (right & 0xffffffffL);
	}

}
