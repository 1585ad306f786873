package ai.elms.lab.corpus;

/** WordNet's four parts of speech; satellite adjectives count as adjectives. */
public enum PartOfSpeech {

	NOUN("noun", "noun", 'n'), VERB("verb", "verb", 'v'), ADJECTIVE("adj", "adjective", 'a'),
	ADVERB("adv", "adverb", 'r');

	final String fileSuffix;

	private final String word;

	final char tag;

	PartOfSpeech(String fileSuffix, String word, char tag) {
		this.fileSuffix = fileSuffix;
		this.word = word;
		this.tag = tag;
	}

	/** The English name: noun, verb, adjective, adverb. */
	public String word() {
		return this.word;
	}

	static PartOfSpeech ofTag(String tag) {
		return switch (tag) {
			case "n" -> NOUN;
			case "v" -> VERB;
			case "a", "s" -> ADJECTIVE;
			case "r" -> ADVERB;
			default -> throw new IllegalArgumentException("unknown WordNet part of speech '" + tag + "'");
		};
	}

}
