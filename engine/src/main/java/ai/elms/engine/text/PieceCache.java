package ai.elms.engine.text;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tokens of the texts encoded last, up to a number of characters of text: least
 * recently used first out. Thread-safe; the arrays it holds are never written.
 */
final class PieceCache {

	private final int maxChars;

	private final LinkedHashMap<String, int[]> entries = new LinkedHashMap<>(64, 0.75f, true);

	private long chars;

	PieceCache(int maxChars) {
		this.maxChars = maxChars;
	}

	synchronized int[] get(String text) {
		return this.entries.get(text);
	}

	synchronized void put(String text, int[] tokens) {
		if (text.length() > this.maxChars) {
			return;
		}
		int[] previous = this.entries.put(text, tokens);
		if (previous == null) {
			this.chars += text.length();
		}
		Iterator<Map.Entry<String, int[]>> eldest = this.entries.entrySet().iterator();
		while (this.chars > this.maxChars) {
			this.chars -= eldest.next().getKey().length();
			eldest.remove();
		}
	}

	synchronized int size() {
		return this.entries.size();
	}

}
