package ai.elms.lab.corpus;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * WordNet 3.0 as wordnet-base installs it: the {@code data.*} files (synsets, pointers,
 * glosses), the {@code index.*} files (a word's senses by frequency, and how many of them
 * were sense-tagged in a corpus: how familiar a word is) and {@code cntlist.rev} (how
 * often each sense was tagged: how familiar a meaning is). Pointers to synsets that are
 * not in the files (as in a fixture cut from the real data) are dropped.
 */
public final class WordNet {

	/**
	 * Tags from which a synset counts as familiar: about 6,500 synsets of nouns, verbs
	 * and adjectives, the common meanings a reader knows.
	 */
	static final int FAMILIAR_TAGS = 3;

	private static final Pattern EXAMPLE = Pattern.compile("\"([^\"]*)\"");

	private static final Pattern OFFENSIVE_GLOSS = Pattern
		.compile("\\b(obscene|vulgar|offensive|slur|derogatory|disparaging|contemptuous|insulting|slang)\\b");

	private static final Set<String> OFFENSIVE_DOMAINS = Set.of("obscenity", "vulgarism", "ethnic slur",
			"disparagement", "slang", "profanity");

	private final Map<SynsetId, Synset> synsets;

	private final Map<SynsetId, List<SynsetId>> hyponyms = new HashMap<>();

	private final Map<PartOfSpeech, Map<String, List<SynsetId>>> senses = new EnumMap<>(PartOfSpeech.class);

	private final Map<PartOfSpeech, Map<String, Integer>> tagCounts;

	private final Map<SynsetId, Integer> synsetTags;

	private WordNet(Map<SynsetId, Synset> synsets, Map<PartOfSpeech, Map<String, Integer>> tagCounts,
			Map<PartOfSpeech, Map<String, List<SynsetId>>> senseOrder, Map<SynsetId, Integer> synsetTags) {
		this.synsets = synsets;
		this.tagCounts = tagCounts;
		this.synsetTags = synsetTags;
		for (PartOfSpeech pos : PartOfSpeech.values()) {
			this.senses.put(pos, new HashMap<>());
		}
		for (Synset synset : synsets.values()) {
			for (SynsetId hypernym : synset.hypernyms()) {
				this.hyponyms.computeIfAbsent(hypernym, (id) -> new ArrayList<>()).add(synset.id());
			}
			for (String lemma : synset.lemmas()) {
				this.senses.get(synset.pos())
					.computeIfAbsent(lemma.toLowerCase(Locale.ROOT), (l) -> new ArrayList<>(1))
					.add(synset.id());
			}
		}
		senseOrder.forEach((pos, order) -> order.forEach((lemma, ranked) -> {
			List<SynsetId> present = this.senses.get(pos).get(lemma);
			if (present != null) {
				List<SynsetId> sorted = new ArrayList<>(ranked);
				sorted.retainAll(present);
				present.stream().filter((id) -> !sorted.contains(id)).forEach(sorted::add);
				this.senses.get(pos).put(lemma, sorted);
			}
		}));
	}

	/** Reads every part of speech whose data file is in {@code dir}. */
	public static WordNet read(Path dir) throws IOException {
		Map<SynsetId, Synset> raw = new LinkedHashMap<>();
		Map<PartOfSpeech, Map<String, Integer>> tagCounts = new EnumMap<>(PartOfSpeech.class);
		Map<PartOfSpeech, Map<String, List<SynsetId>>> senseOrder = new EnumMap<>(PartOfSpeech.class);
		for (PartOfSpeech pos : PartOfSpeech.values()) {
			Path data = dir.resolve("data." + pos.fileSuffix);
			if (Files.isRegularFile(data)) {
				forEachLine(data, (line) -> {
					Synset synset = parseSynset(line);
					raw.put(synset.id(), synset);
				});
			}
			Map<String, Integer> counts = new HashMap<>();
			Map<String, List<SynsetId>> order = new HashMap<>();
			Path index = dir.resolve("index." + pos.fileSuffix);
			if (Files.isRegularFile(index)) {
				forEachLine(index, (line) -> parseIndex(pos, line, counts, order));
			}
			tagCounts.put(pos, counts);
			senseOrder.put(pos, order);
		}
		Map<SynsetId, Synset> synsets = new LinkedHashMap<>();
		for (Synset synset : raw.values()) {
			synsets.put(synset.id(), new Synset(synset.id(), synset.lemmas(), present(synset.hypernyms(), raw),
					present(synset.usageDomains(), raw), synset.definition(), synset.examples()));
		}
		Map<SynsetId, Integer> synsetTags = new HashMap<>();
		Path counts = dir.resolve("cntlist.rev");
		if (Files.isRegularFile(counts)) {
			forEachLine(counts, (line) -> parseCount(line, senseOrder, synsetTags));
		}
		return new WordNet(synsets, tagCounts, senseOrder, synsetTags);
	}

	/** Synsets of one part of speech, in file order. */
	public List<Synset> synsets(PartOfSpeech pos) {
		return this.synsets.values().stream().filter((s) -> s.pos() == pos).toList();
	}

	public Collection<Synset> synsets() {
		return Collections.unmodifiableCollection(this.synsets.values());
	}

	/** The synset, or null when it is not in the files. */
	public Synset synset(SynsetId id) {
		return this.synsets.get(id);
	}

	/** Direct hyponyms (more specific synsets, instances included). */
	public List<SynsetId> hyponyms(SynsetId id) {
		return this.hyponyms.getOrDefault(id, List.of());
	}

	/** Every synset above this one by hypernym links. */
	public Set<SynsetId> ancestors(SynsetId id) {
		return closure(id, (s) -> this.synsets.get(s) == null ? List.of() : this.synsets.get(s).hypernyms());
	}

	/** Every synset below this one by hyponym links. */
	public Set<SynsetId> descendants(SynsetId id) {
		return closure(id, this::hyponyms);
	}

	/** The synsets a word belongs to, in any letter case, most frequent sense first. */
	public List<SynsetId> senses(PartOfSpeech pos, String lemma) {
		return this.senses.get(pos).getOrDefault(lemma.toLowerCase(Locale.ROOT), List.of());
	}

	/**
	 * Where the synset is among the word's senses, 0 for its most frequent; -1 if not
	 * one.
	 */
	public int senseRank(SynsetId id, String lemma) {
		return senses(id.pos(), lemma).indexOf(id);
	}

	/**
	 * How many times the word was sense-tagged in WordNet's semantic concordance, 0 for
	 * words that never were (rare, technical words).
	 */
	public int tagCount(PartOfSpeech pos, String lemma) {
		return this.tagCounts.get(pos).getOrDefault(lemma.toLowerCase(Locale.ROOT), 0);
	}

	/** How many times the synset's senses were tagged in the semantic concordance. */
	public int tags(SynsetId id) {
		return this.synsetTags.getOrDefault(id, 0);
	}

	/**
	 * True for a common meaning: the synset's senses were tagged at least
	 * {@value #FAMILIAR_TAGS} times. The WordNet tasks ask about these, and the
	 * pre-training corpus repeats them, as text on the web repeats common knowledge.
	 */
	public boolean familiar(SynsetId id) {
		return tags(id) >= FAMILIAR_TAGS;
	}

	/** True for synsets marked or glossed as obscene, vulgar, slang or a slur. */
	public boolean offensive(Synset synset) {
		if (OFFENSIVE_GLOSS.matcher(synset.definition()).find()) {
			return true;
		}
		for (SynsetId domain : synset.usageDomains()) {
			Synset d = this.synsets.get(domain);
			if (d != null
					&& d.lemmas().stream().anyMatch((l) -> OFFENSIVE_DOMAINS.contains(l.toLowerCase(Locale.ROOT)))) {
				return true;
			}
		}
		return false;
	}

	private static Set<SynsetId> closure(SynsetId start, Function<SynsetId, List<SynsetId>> next) {
		Set<SynsetId> seen = new LinkedHashSet<>();
		Deque<SynsetId> todo = new ArrayDeque<>(next.apply(start));
		while (!todo.isEmpty()) {
			SynsetId id = todo.pop();
			if (seen.add(id)) {
				todo.addAll(next.apply(id));
			}
		}
		return seen;
	}

	private static List<SynsetId> present(List<SynsetId> ids, Map<SynsetId, Synset> synsets) {
		return ids.stream().filter(synsets::containsKey).toList();
	}

	/**
	 * {@code offset lex_filenum ss_type w_cnt (word lex_id)* p_cnt (ptr offset pos
	 * source/target)* [frames] | gloss}; w_cnt is hexadecimal, p_cnt decimal.
	 */
	static Synset parseSynset(String line) {
		int bar = line.indexOf(" | ");
		String[] f = (bar < 0 ? line : line.substring(0, bar)).trim().split(" +");
		String gloss = (bar < 0) ? "" : line.substring(bar + 3).trim();
		PartOfSpeech pos = PartOfSpeech.ofTag(f[2]);
		SynsetId id = new SynsetId(pos, Integer.parseInt(f[0]));
		int words = Integer.parseInt(f[3], 16);
		List<String> lemmas = new ArrayList<>(words);
		int i = 4;
		for (int w = 0; w < words; w++, i += 2) {
			lemmas.add(lemma(f[i]));
		}
		int pointers = Integer.parseInt(f[i++]);
		List<SynsetId> hypernyms = new ArrayList<>(1);
		List<SynsetId> usage = new ArrayList<>(0);
		for (int p = 0; p < pointers; p++, i += 4) {
			SynsetId target = new SynsetId(PartOfSpeech.ofTag(f[i + 2]), Integer.parseInt(f[i + 1]));
			switch (f[i]) {
				case "@", "@i" -> hypernyms.add(target);
				case ";u" -> usage.add(target);
				default -> {
				}
			}
		}
		int quote = gloss.indexOf("; \"");
		String definition = gloss;
		String rest = "";
		if (gloss.startsWith("\"")) {
			definition = "";
			rest = gloss;
		}
		else if (quote >= 0) {
			definition = gloss.substring(0, quote).trim();
			rest = gloss.substring(quote);
		}
		List<String> examples = new ArrayList<>();
		for (Matcher m = EXAMPLE.matcher(rest); m.find();) {
			examples.add(m.group(1).trim());
		}
		return new Synset(id, List.copyOf(lemmas), List.copyOf(hypernyms), List.copyOf(usage), definition,
				List.copyOf(examples));
	}

	private static String lemma(String word) {
		int marker = word.indexOf('(');
		return (marker > 0 ? word.substring(0, marker) : word).replace('_', ' ');
	}

	/**
	 * {@code lemma pos synset_cnt p_cnt ptr_symbol* sense_cnt tagsense_cnt offset*}, the
	 * offsets in order of sense frequency.
	 */
	private static void parseIndex(PartOfSpeech pos, String line, Map<String, Integer> counts,
			Map<String, List<SynsetId>> order) {
		String[] f = line.trim().split(" +");
		String lemma = f[0].replace('_', ' ');
		int synsets = Integer.parseInt(f[2]);
		int pointers = Integer.parseInt(f[3]);
		counts.put(lemma, Integer.parseInt(f[5 + pointers]));
		List<SynsetId> ranked = new ArrayList<>(synsets);
		for (int i = 6 + pointers; i < f.length; i++) {
			ranked.add(new SynsetId(pos, Integer.parseInt(f[i])));
		}
		order.put(lemma, ranked);
	}

	/**
	 * {@code lemma%ss_type:lex_filenum:lex_id:head_word:head_id sense_number tag_cnt}:
	 * the sense number is the synset's place in the word's index line.
	 */
	private static void parseCount(String line, Map<PartOfSpeech, Map<String, List<SynsetId>>> senseOrder,
			Map<SynsetId, Integer> synsetTags) {
		String[] f = line.trim().split(" +");
		int percent = f[0].indexOf('%');
		PartOfSpeech pos = switch (f[0].charAt(percent + 1)) {
			case '1' -> PartOfSpeech.NOUN;
			case '2' -> PartOfSpeech.VERB;
			case '3', '5' -> PartOfSpeech.ADJECTIVE;
			default -> PartOfSpeech.ADVERB;
		};
		List<SynsetId> ranked = senseOrder.get(pos).get(f[0].substring(0, percent).replace('_', ' '));
		int sense = Integer.parseInt(f[1]);
		if (ranked != null && sense >= 1 && sense <= ranked.size()) {
			synsetTags.merge(ranked.get(sense - 1), Integer.parseInt(f[2]), Integer::sum);
		}
	}

	/**
	 * Calls back for every record line; WordNet files open with a license in lines that
	 * start with spaces.
	 */
	private static void forEachLine(Path file, Consumer<String> record) throws IOException {
		try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				if (!line.isEmpty() && line.charAt(0) != ' ') {
					record.accept(line);
				}
			}
		}
	}

}
