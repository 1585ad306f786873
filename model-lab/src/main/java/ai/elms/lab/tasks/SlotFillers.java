package ai.elms.lab.tasks;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.elms.lab.corpus.Corpora;
import ai.elms.lab.corpus.FortuneFiles.Fortune;
import ai.elms.lab.corpus.KingJamesBible.Verse;
import ai.elms.lab.corpus.PartOfSpeech;
import ai.elms.lab.corpus.Synset;
import ai.elms.lab.corpus.SynsetId;
import ai.elms.lab.corpus.WordNet;
import ai.elms.lab.tasks.MobileAgentCatalog.WordNetSlot;

/**
 * Fills the slots of instruction templates. Words come from the corpora: people from the
 * Bible's genealogies, messages and authors from fortune cookies, Bible references,
 * places, dishes, genres and the like from WordNet; times, durations, days, amounts and
 * numbers are generated, in several spoken forms each with one normalized value (the
 * value a function call must carry).
 */
final class SlotFillers {

	static final Set<String> BUILT_IN = Set.of("contact", "message", "author", "verse", "word", "time", "duration",
			"day", "amount", "temperature", "percent", "setting", "expression");

	private static final Pattern KIN = Pattern
		.compile("\\b(?:([A-Z][a-z]+) the )?(?:son|sons|daughter|wife) of ([A-Z][a-z]+)");

	private static final Set<String> NOT_PEOPLE = Set.of("God", "Lord", "Christ", "Jesus", "Zion", "Israel", "Judah",
			"Babylon", "Egypt", "Jerusalem", "Belial", "Ammon", "Moab", "Edom", "Heth");

	private static final Pattern LOWER_CASE_WORD = Pattern.compile("\\b[a-z]+\\b");

	private static final Pattern ONE_LINER = Pattern.compile("[A-Z][A-Za-z ,']{12,56}[.!]");

	private static final Pattern ATTRIBUTION = Pattern
		.compile("(?m)^\\s*--\\s*([A-Z][a-z]+\\.? (?:[A-Z]\\. )?[A-Z][a-z]+(?: [A-Z][a-z]+)?)\\s*$");

	private static final Pattern NAME = Pattern.compile("[A-Za-z]+(?:[ '-][A-Za-z]+){0,2}");

	private static final String[] NUMBER_WORDS = { "zero", "one", "two", "three", "four", "five", "six", "seven",
			"eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
			"eighteen", "nineteen", "twenty" };

	private static final List<String> WEEKDAYS = List.of("Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
			"Saturday", "Sunday");

	private static final List<String> SETTINGS = List.of("Wi-Fi", "Bluetooth", "airplane mode", "dark mode",
			"mobile data", "the hotspot", "location services", "do not disturb", "battery saver", "auto-rotate");

	/** A filled slot: the words the user says, and the value a function call carries. */
	record SlotValue(String surface, String value) {
	}

	private final Map<String, List<String>> words = new HashMap<>();

	private final List<Verse> verses;

	SlotFillers(Corpora corpora, Map<String, WordNetSlot> wordnetSlots) {
		WordNet wordnet = corpora.wordnet();
		this.verses = corpora.bible();
		this.words.put("contact", people(corpora.bible()));
		this.words.put("message", oneLiners(corpora.fortunes()));
		this.words.put("author", authors(corpora.fortunes()));
		this.words.put("word", familiarWords(wordnet));
		new TreeMap<>(wordnetSlots).forEach((slot, source) -> this.words.put(slot, hyponymLemmas(wordnet, source)));
		this.words.forEach((slot, fillers) -> {
			if (fillers.isEmpty()) {
				throw new IllegalStateException("slot '" + slot + "' has no fillers in these corpora");
			}
		});
		if (this.verses.isEmpty()) {
			throw new IllegalStateException("slot 'verse' has no fillers: the Bible has no verses");
		}
	}

	/** How many different words each corpus-filled slot draws from. */
	Map<String, Integer> sizes() {
		Map<String, Integer> sizes = new TreeMap<>();
		this.words.forEach((slot, fillers) -> sizes.put(slot, fillers.size()));
		sizes.put("verse", this.verses.size());
		return sizes;
	}

	SlotValue fill(String slot, Random random) {
		return switch (slot) {
			case "verse" -> verse(random);
			case "time" -> time(random);
			case "duration" -> duration(random);
			case "day" -> day(random);
			case "amount" -> {
				int dollars = 5 * (1 + random.nextInt(40));
				String surface = pick(random, "$" + dollars, dollars + " dollars", dollars + " bucks");
				yield new SlotValue(surface, Integer.toString(dollars));
			}
			case "temperature" -> {
				int degrees = 16 + random.nextInt(11);
				yield new SlotValue(pick(random, degrees + " degrees", degrees + " degrees Celsius"),
						Integer.toString(degrees));
			}
			case "percent" -> {
				int percent = 10 * (1 + random.nextInt(10));
				yield new SlotValue(pick(random, percent + " percent", percent + "%"), Integer.toString(percent));
			}
			case "setting" -> plain(SETTINGS.get(random.nextInt(SETTINGS.size())));
			case "expression" -> plain(expression(random));
			default -> {
				List<String> fillers = this.words.get(slot);
				if (fillers == null) {
					throw new IllegalArgumentException("unknown slot '" + slot + "'");
				}
				yield plain(fillers.get(random.nextInt(fillers.size())));
			}
		};
	}

	private SlotValue verse(Random random) {
		Verse verse = this.verses.get(random.nextInt(this.verses.size()));
		String surface = pick(random, verse.reference(),
				verse.book() + " chapter " + verse.chapter() + " verse " + verse.verse(),
				"verse " + verse.verse() + " of " + verse.book() + " " + verse.chapter());
		return new SlotValue(surface, verse.reference());
	}

	/**
	 * Spoken times; without am or pm the hour is taken as said. Value: HH:MM, 24 hours.
	 */
	private static SlotValue time(Random random) {
		int kind = random.nextInt(10);
		if (kind == 0) {
			return random.nextBoolean() ? new SlotValue("noon", "12:00") : new SlotValue("midnight", "00:00");
		}
		int hour = 1 + random.nextInt(12);
		int minute = List.of(0, 0, 15, 30, 45, 5 * random.nextInt(12)).get(random.nextInt(6));
		String digits = hour + ":" + "%02d".formatted(minute);
		if (kind <= 3) {
			boolean pm = random.nextBoolean();
			int hour24 = (hour % 12) + (pm ? 12 : 0);
			return new SlotValue(digits + (pm ? " pm" : " am"), "%02d:%02d".formatted(hour24, minute));
		}
		String value = "%02d:%02d".formatted(hour, minute);
		String spoken = switch (minute) {
			case 0 -> NUMBER_WORDS[hour] + " o'clock";
			case 15 -> "quarter past " + NUMBER_WORDS[hour];
			case 30 -> "half past " + NUMBER_WORDS[hour];
			case 45 -> "quarter to " + NUMBER_WORDS[hour % 12 + 1];
			default -> digits;
		};
		return new SlotValue((kind <= 6) ? spoken : digits, value);
	}

	/** Value: HH:MM:SS. */
	private static SlotValue duration(Random random) {
		switch (random.nextInt(5)) {
			case 0 -> {
				int seconds = 10 + 5 * random.nextInt(17);
				return new SlotValue(seconds + " seconds", "00:%02d:%02d".formatted(seconds / 60, seconds % 60));
			}
			case 1 -> {
				return List
					.of(new SlotValue("an hour", "01:00:00"), new SlotValue("half an hour", "00:30:00"),
							new SlotValue("an hour and a half", "01:30:00"), new SlotValue("two hours", "02:00:00"),
							new SlotValue("3 hours", "03:00:00"))
					.get(random.nextInt(5));
			}
			default -> {
				int minutes = 1 + random.nextInt(59);
				String count = (minutes <= 20 && random.nextBoolean()) ? NUMBER_WORDS[minutes]
						: Integer.toString(minutes);
				return new SlotValue(count + ((minutes == 1) ? " minute" : " minutes"),
						"00:%02d:00".formatted(minutes));
			}
		}
	}

	/** Value: today, tomorrow or a weekday in lower case. */
	private static SlotValue day(Random random) {
		int kind = random.nextInt(4);
		if (kind == 0) {
			return List
				.of(new SlotValue("today", "today"), new SlotValue("tonight", "today"),
						new SlotValue("this evening", "today"), new SlotValue("tomorrow", "tomorrow"),
						new SlotValue("tomorrow morning", "tomorrow"))
				.get(random.nextInt(5));
		}
		String weekday = WEEKDAYS.get(random.nextInt(WEEKDAYS.size()));
		String surface = switch (kind) {
			case 1 -> "on " + weekday;
			case 2 -> "next " + weekday;
			default -> "this " + weekday;
		};
		return new SlotValue(surface, weekday.toLowerCase(Locale.ROOT));
	}

	private static String expression(Random random) {
		int a = 2 + random.nextInt(98);
		int b = 2 + random.nextInt(98);
		return switch (random.nextInt(6)) {
			case 0 -> a + " times " + b;
			case 1 -> a + " plus " + b;
			case 2 -> (a + b) + " minus " + b;
			case 3 -> (a * b) + " divided by " + b;
			case 4 -> (5 * (1 + random.nextInt(19))) + " percent of " + (10 * a);
			default -> "the square root of " + (a * a);
		};
	}

	/**
	 * Names in the Bible's genealogies ("Joshua the son of Nun"), said at least twice and
	 * never written in lower case (which leaves out "And the sons of ...").
	 */
	private static List<String> people(List<Verse> bible) {
		Map<String, Integer> counts = new HashMap<>();
		Set<String> lowerCase = new HashSet<>();
		for (Verse verse : bible) {
			LOWER_CASE_WORD.matcher(verse.text()).results().forEach((m) -> lowerCase.add(m.group()));
			for (Matcher m = KIN.matcher(verse.text()); m.find();) {
				for (int g = 1; g <= 2; g++) {
					if (m.group(g) != null) {
						counts.merge(m.group(g), 1, Integer::sum);
					}
				}
			}
		}
		Set<String> names = new TreeSet<>();
		counts.forEach((name, count) -> {
			if (count >= 2 && !NOT_PEOPLE.contains(name) && !lowerCase.contains(name.toLowerCase(Locale.ROOT))) {
				names.add(name);
			}
		});
		return List.copyOf(names);
	}

	/**
	 * Short one-line fortunes without quotes: messages and notes a user might dictate.
	 */
	private static List<String> oneLiners(List<Fortune> fortunes) {
		Set<String> lines = new TreeSet<>();
		for (Fortune fortune : fortunes) {
			if (ONE_LINER.matcher(fortune.text()).matches()) {
				lines.add(fortune.text());
			}
		}
		return List.copyOf(lines);
	}

	/** Authors that fortunes are attributed to ("-- Mark Twain"), at least twice. */
	private static List<String> authors(List<Fortune> fortunes) {
		Map<String, Integer> counts = new HashMap<>();
		for (Fortune fortune : fortunes) {
			for (Matcher m = ATTRIBUTION.matcher(fortune.text()); m.find();) {
				counts.merge(m.group(1), 1, Integer::sum);
			}
		}
		Set<String> authors = new TreeSet<>();
		counts.forEach((author, count) -> {
			if (count >= 2) {
				authors.add(author);
			}
		});
		return List.copyOf(authors);
	}

	/**
	 * Single words that were sense-tagged at least 3 times: for dictionaries and
	 * translation.
	 */
	private static List<String> familiarWords(WordNet wordnet) {
		Set<String> words = new TreeSet<>();
		for (PartOfSpeech pos : List.of(PartOfSpeech.NOUN, PartOfSpeech.VERB, PartOfSpeech.ADJECTIVE)) {
			for (Synset synset : wordnet.synsets(pos)) {
				if (wordnet.offensive(synset)) {
					continue;
				}
				for (String lemma : synset.lemmas()) {
					if (lemma.chars().allMatch((c) -> c >= 'a' && c <= 'z') && lemma.length() >= 3
							&& wordnet.tagCount(pos, lemma) >= 3) {
						words.add(lemma);
					}
				}
			}
		}
		return List.copyOf(words);
	}

	private static List<String> hyponymLemmas(WordNet wordnet, WordNetSlot source) {
		Set<String> lemmas = new TreeSet<>();
		for (String root : source.wordnet()) {
			for (SynsetId id : wordnet.descendants(SynsetId.parse(root))) {
				Synset synset = wordnet.synset(id);
				if (wordnet.offensive(synset)) {
					continue;
				}
				for (String lemma : synset.lemmas()) {
					// a name's first and last words are capitalized: "Acapulco de
					// Juarez", not "Albanian capital"
					boolean capitalized = Character.isUpperCase(lemma.charAt(0))
							&& Character.isUpperCase(lemma.charAt(lemma.lastIndexOf(' ') + 1));
					if (NAME.matcher(lemma).matches() && lemma.length() <= 24 && source.proper() == capitalized
							&& (!source.familiar() || familiar(wordnet, id, lemma))) {
						lemmas.add(lemma);
					}
				}
			}
		}
		return List.copyOf(lemmas);
	}

	/**
	 * Sense-tagged, and in its most frequent sense: "pizza" the dish, not "bomber" the
	 * sandwich.
	 */
	private static boolean familiar(WordNet wordnet, SynsetId id, String lemma) {
		return wordnet.tagCount(id.pos(), lemma) > 0 && wordnet.senseRank(id, lemma) == 0;
	}

	private static SlotValue plain(String word) {
		return new SlotValue(word, word);
	}

	@SafeVarargs
	private static <T> T pick(Random random, T... options) {
		return options[random.nextInt(options.length)];
	}

}
