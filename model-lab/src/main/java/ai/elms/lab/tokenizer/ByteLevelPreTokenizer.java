package ai.elms.lab.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into words as Hugging Face's {@code ByteLevel} pre-tokenizer does with
 * {@code use_regex} and without a prefix space: GPT-2's pattern, whitespace in the
 * Unicode sense. Each word becomes the ids of its UTF-8 bytes (byte symbol ids 0-255).
 */
final class ByteLevelPreTokenizer {

	static final Pattern GPT2 = Pattern.compile(
			"'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
			Pattern.UNICODE_CHARACTER_CLASS);

	private ByteLevelPreTokenizer() {
	}

	static List<String> split(String text) {
		List<String> words = new ArrayList<>();
		for (Matcher m = GPT2.matcher(text); m.find();) {
			words.add(m.group());
		}
		return words;
	}

	static int[] bytes(String word) {
		byte[] utf8 = word.getBytes(StandardCharsets.UTF_8);
		int[] ids = new int[utf8.length];
		for (int i = 0; i < utf8.length; i++) {
			ids[i] = utf8[i] & 0xff;
		}
		return ids;
	}

}
