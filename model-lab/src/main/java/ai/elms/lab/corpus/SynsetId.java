package ai.elms.lab.corpus;

import java.util.Comparator;

/**
 * A synset's identity in WordNet 3.0: its part of speech and its byte offset in that
 * part's data file. Written as {@code n:02084071}.
 */
public record SynsetId(PartOfSpeech pos, int offset) implements Comparable<SynsetId> {

	private static final Comparator<SynsetId> ORDER = Comparator.comparing(SynsetId::pos)
		.thenComparingInt(SynsetId::offset);

	/** Parses {@code n:02084071}. */
	public static SynsetId parse(String text) {
		int colon = text.indexOf(':');
		if (colon < 0) {
			throw new IllegalArgumentException("not a synset id: '" + text + "'");
		}
		return new SynsetId(PartOfSpeech.ofTag(text.substring(0, colon)), Integer.parseInt(text.substring(colon + 1)));
	}

	@Override
	public int compareTo(SynsetId other) {
		return ORDER.compare(this, other);
	}

	@Override
	public String toString() {
		return "%c:%08d".formatted(this.pos.tag, this.offset);
	}

}
