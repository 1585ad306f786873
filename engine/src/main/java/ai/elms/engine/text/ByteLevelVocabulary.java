package ai.elms.engine.text;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A byte-level BPE vocabulary (the GPT-2 scheme: every byte is a symbol, so any text
 * encodes), written as a Hugging Face {@code tokenizer.json}. Ids: the 256 byte symbols,
 * then the special tokens, then the tokens made by merges.
 *
 * @param specialTokens added tokens, matched whole in text (chat markers, end of
 * sequence)
 * @param merges BPE merges, each "left right", in rank order
 * @param extraTokens tokens after the merged ones (reachable only by generation, not by
 * encoding)
 */
public record ByteLevelVocabulary(List<String> specialTokens, List<String> merges, List<String> extraTokens) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * A vocabulary without merges, filled to {@code size} with letter strings: for
	 * random-weight packages, where only the size matters and any generated token should
	 * decode to readable text.
	 */
	public static ByteLevelVocabulary filled(List<String> specialTokens, int size) {
		int fill = size - 256 - specialTokens.size();
		if (fill < 0) {
			throw new IllegalArgumentException(
					"a byte-level vocabulary needs at least " + (256 + specialTokens.size()) + " tokens");
		}
		Set<String> byteSymbols = new LinkedHashSet<>(byteSymbols());
		List<String> extra = new ArrayList<>(fill);
		for (int length = 2; extra.size() < fill; length++) {
			addWords(extra, fill, "\u0120", length, byteSymbols);
			addWords(extra, fill, "", length, byteSymbols);
		}
		return new ByteLevelVocabulary(specialTokens, List.of(), extra);
	}

	/** The 256 byte symbols, in byte order (GPT-2's bytes_to_unicode). */
	public static List<String> byteSymbols() {
		List<String> symbols = new ArrayList<>(256);
		int shifted = 0;
		for (int b = 0; b < 256; b++) {
			boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
			symbols.add(String.valueOf((char) (printable ? b : 256 + shifted++)));
		}
		return symbols;
	}

	public int size() {
		return 256 + this.specialTokens.size() + this.merges.size() + this.extraTokens.size();
	}

	public void write(Path file) throws IOException {
		ObjectNode root = JSON.createObjectNode();
		root.put("version", "1.0");
		root.putNull("truncation");
		root.putNull("padding");
		ArrayNode added = root.putArray("added_tokens");
		for (int i = 0; i < this.specialTokens.size(); i++) {
			added.addObject()
				.put("id", 256 + i)
				.put("content", this.specialTokens.get(i))
				.put("single_word", false)
				.put("lstrip", false)
				.put("rstrip", false)
				.put("normalized", false)
				.put("special", true);
		}
		root.putNull("normalizer");
		root.set("pre_tokenizer", byteLevel(false));
		root.putNull("post_processor");
		root.set("decoder", byteLevel(true));
		ObjectNode model = root.putObject("model");
		model.put("type", "BPE");
		model.putNull("dropout");
		model.putNull("unk_token");
		model.putNull("continuing_subword_prefix");
		model.putNull("end_of_word_suffix");
		model.put("fuse_unk", false);
		model.put("byte_fallback", false);
		model.put("ignore_merges", false);
		ObjectNode vocab = model.putObject("vocab");
		int id = 0;
		for (String symbol : byteSymbols()) {
			vocab.put(symbol, id++);
		}
		for (String special : this.specialTokens) {
			vocab.put(special, id++);
		}
		for (String merge : this.merges) {
			vocab.put(merge.replace(" ", ""), id++);
		}
		for (String extra : this.extraTokens) {
			vocab.put(extra, id++);
		}
		ArrayNode merges = model.putArray("merges");
		this.merges.forEach(merges::add);
		JSON.writeValue(file.toFile(), root);
	}

	private static ObjectNode byteLevel(boolean decoder) {
		ObjectNode node = JSON.createObjectNode();
		node.put("type", "ByteLevel");
		node.put("add_prefix_space", decoder);
		node.put("trim_offsets", true);
		node.put("use_regex", true);
		return node;
	}

	private static void addWords(List<String> out, int limit, String prefix, int length, Set<String> taken) {
		int count = (int) Math.min(Integer.MAX_VALUE, Math.pow(26, length));
		char[] word = new char[length];
		for (int n = 0; n < count && out.size() < limit; n++) {
			int rest = n;
			for (int i = length - 1; i >= 0; i--) {
				word[i] = (char) ('a' + rest % 26);
				rest /= 26;
			}
			String token = prefix + new String(word);
			if (!taken.contains(token)) {
				out.add(token);
			}
		}
	}

}
