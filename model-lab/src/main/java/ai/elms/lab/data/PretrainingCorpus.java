package ai.elms.lab.data;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import ai.elms.lab.corpus.Corpora;
import ai.elms.lab.corpus.DictdDatabase.Entry;
import ai.elms.lab.corpus.FortuneFiles.Fortune;
import ai.elms.lab.corpus.KingJamesBible.Verse;
import ai.elms.lab.corpus.PartOfSpeech;
import ai.elms.lab.corpus.Synset;
import ai.elms.lab.corpus.WordNet;

/**
 * The cleaned pre-training text: one document per WordNet synset, dictionary entry, Bible
 * chapter or fortune, in a fixed order (source by source, each in its own order). Markup
 * of the sources (GCIDE's pronunciations and source tags, cross-reference braces,
 * overstrike) is removed, typographic punctuation made ASCII, and wrapped lines joined
 * into paragraphs.
 */
final class PretrainingCorpus {

	private static final Pattern PRONUNCIATION = Pattern.compile("\\\\[^\\\\\\n]*\\\\");

	private static final Pattern SOURCE_TAG_LINE = Pattern.compile("(?m)^\\s*\\[[^\\]\\n]*\\]\\s*$");

	private static final Pattern SPACE_BEFORE_PUNCTUATION = Pattern.compile(" +([,.;:])");

	private static final Pattern OVERSTRIKE = Pattern.compile(".\b");

	private static final Pattern PARAGRAPH_BREAK = Pattern.compile("\\n\\s*\\n");

	/** Fortune collections that are pictures, not text. */
	private static final List<String> PICTURES = List.of("ascii-art");

	private PretrainingCorpus() {
	}

	static List<Document> documents(Corpora corpora) {
		List<Document> documents = new ArrayList<>();
		documents.addAll(wordnet(corpora.wordnet()));
		documents.addAll(familiarMeanings(corpora.wordnet()));
		corpora.gcide().forEach((e) -> add(documents, "gcide", dictionaryEntry(e)));
		corpora.jargon().forEach((e) -> add(documents, "jargon", dictionaryEntry(e)));
		documents.addAll(bible(corpora.bible()));
		for (Fortune fortune : corpora.fortunes()) {
			if (!PICTURES.contains(fortune.collection())) {
				String text = fortune(fortune.text());
				if (mostlyLetters(text)) {
					add(documents, "fortunes", text);
				}
			}
		}
		return documents;
	}

	/**
	 * "dog, domestic dog (noun): a member of ... Example: "...". A kind of canine." for
	 * half of the synsets, and the other way round, "The noun for a member of ...: dog,
	 * domestic dog. Example: ...", for the other half (those at an odd offset): a model
	 * that only ever reads the word before its gloss does not learn to name the word a
	 * gloss describes.
	 */
	private static List<Document> wordnet(WordNet wordnet) {
		List<Document> documents = new ArrayList<>();
		for (Synset synset : wordnet.synsets()) {
			String words = String.join(", ", synset.lemmas());
			StringBuilder text = new StringBuilder();
			if (synset.definition().isEmpty()) {
				text.append(words).append(" (").append(synset.pos().word()).append(')');
			}
			else if (synset.id().offset() % 2 == 1) {
				text.append(glossFirst(synset));
			}
			else {
				text.append(words)
					.append(" (")
					.append(synset.pos().word())
					.append("): ")
					.append(synset.definition())
					.append('.');
			}
			for (String example : synset.examples()) {
				text.append(" Example: \"").append(example).append("\".");
			}
			general(wordnet, synset, text);
			add(documents, "wordnet", text.toString());
		}
		return documents;
	}

	/**
	 * The familiar synsets once more, gloss first and short ("The noun for a member of
	 * the genus Canis ...: dog, domestic dog. A kind of canine, domestic animal."), as
	 * their own source, so that pre-training can weight common knowledge above the long
	 * tail: a small model remembers what it reads many times, not what it reads once.
	 */
	private static List<Document> familiarMeanings(WordNet wordnet) {
		List<Document> documents = new ArrayList<>();
		for (Synset synset : wordnet.synsets()) {
			if (wordnet.familiar(synset.id()) && !synset.definition().isEmpty()) {
				StringBuilder text = new StringBuilder(glossFirst(synset));
				general(wordnet, synset, text);
				add(documents, "wordnet-familiar", text.toString());
			}
		}
		return documents;
	}

	/** "The noun for a member of the genus Canis ...: dog, domestic dog." */
	private static String glossFirst(Synset synset) {
		return "The " + synset.pos().word() + " for " + synset.definition() + ": " + String.join(", ", synset.lemmas())
				+ ".";
	}

	private static void general(WordNet wordnet, Synset synset, StringBuilder text) {
		List<String> general = synset.hypernyms().stream().map((id) -> wordnet.synset(id).lemmas().get(0)).toList();
		if (!general.isEmpty()) {
			text.append(synset.pos() == PartOfSpeech.VERB ? " A way to " : " A kind of ")
				.append(String.join(", ", general))
				.append('.');
		}
	}

	private static String dictionaryEntry(Entry entry) {
		String text = PRONUNCIATION.matcher(entry.text()).replaceAll("");
		text = SOURCE_TAG_LINE.matcher(text).replaceAll("");
		text = text.replace("{", "").replace("}", "");
		return paragraphs(text);
	}

	/** A chapter: "Genesis 1" then one verse a line, numbered. */
	private static List<Document> bible(List<Verse> verses) {
		Map<String, List<Verse>> chapters = new LinkedHashMap<>();
		for (Verse verse : verses) {
			chapters.computeIfAbsent(verse.book() + " " + verse.chapter(), (c) -> new ArrayList<>()).add(verse);
		}
		List<Document> documents = new ArrayList<>(chapters.size());
		chapters.forEach((chapter, chapterVerses) -> add(documents, "bible", chapter + "\n"
				+ chapterVerses.stream().map((v) -> v.verse() + " " + v.text()).collect(Collectors.joining("\n"))));
		return documents;
	}

	/** Fortunes keep their lines (verse, dialogue); indentation and overstrike go. */
	private static String fortune(String text) {
		String plain = OVERSTRIKE.matcher(text).replaceAll("");
		return Arrays.stream(ascii(plain).split("\n"))
			.map((line) -> line.strip().replaceAll("[ \\t]+", " "))
			.collect(Collectors.joining("\n"))
			.replaceAll("\\n{3,}", "\n\n")
			.strip();
	}

	/** Wrapped lines joined; paragraphs kept, separated by a blank line. */
	private static String paragraphs(String text) {
		return Arrays.stream(PARAGRAPH_BREAK.split(ascii(text)))
			.map((p) -> SPACE_BEFORE_PUNCTUATION.matcher(p.strip().replaceAll("\\s+", " ")).replaceAll("$1"))
			.filter((p) -> !p.isEmpty())
			.collect(Collectors.joining("\n\n"));
	}

	/** Typographic quotes, dashes and spaces as ASCII; the rest of Unicode kept (NFC). */
	static String ascii(String text) {
		return Normalizer.normalize(text, Normalizer.Form.NFC)
			.replace('\u201c', '"')
			.replace('\u201d', '"')
			.replace('\u2018', '\'')
			.replace('\u2019', '\'')
			.replace('\u00b4', '\'')
			.replace('\u00a0', ' ')
			.replace("\u2014", "--")
			.replace('\u2013', '-')
			.replace("\u2026", "...")
			.replace("\r", "");
	}

	private static boolean mostlyLetters(String text) {
		long visible = text.chars().filter((c) -> !Character.isWhitespace(c)).count();
		long letters = text.chars().filter(Character::isLetter).count();
		return visible > 0 && letters * 2 >= visible;
	}

	private static void add(List<Document> documents, String source, String text) {
		if (!text.isBlank()) {
			documents.add(new Document(source, text));
		}
	}

}
