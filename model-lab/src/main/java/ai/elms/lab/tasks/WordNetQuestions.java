package ai.elms.lab.tasks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.MatchResult;
import java.util.regex.Pattern;

import ai.elms.lab.corpus.PartOfSpeech;
import ai.elms.lab.corpus.Synset;
import ai.elms.lab.corpus.SynsetId;
import ai.elms.lab.corpus.WordNet;

/**
 * Four-way multiple choice from WordNet about familiar meanings
 * ({@link WordNet#familiar}): the definition of a common word, the general word for a
 * common word. Answers and distractors are familiar words (sense-tagged at least once) of
 * the same part of speech; a distractor is never a synonym of the answer nor, for
 * definitions, a hypernym or direct hyponym of the defined synset, nor, for hypernyms, an
 * ancestor of any sense of the word: exactly one choice is right.
 */
final class WordNetQuestions {

	static final int CHOICES = 4;

	private static final Pattern PLAIN = Pattern.compile("[a-z]+(?:[ -][a-z]+){0,2}");

	private static final Pattern WORD = Pattern.compile("[a-z]+");

	private static final int TRIES = 200;

	private final WordNet wordnet;

	private final long seed;

	private final Map<PartOfSpeech, List<String>> familiarWords = new EnumMap<>(PartOfSpeech.class);

	private final Map<PartOfSpeech, List<String>> categoryWords = new EnumMap<>(PartOfSpeech.class);

	WordNetQuestions(WordNet wordnet, long seed) {
		this.wordnet = wordnet;
		this.seed = seed;
		for (PartOfSpeech pos : PartOfSpeech.values()) {
			Set<String> familiar = new TreeSet<>();
			Set<String> categories = new TreeSet<>();
			for (Synset synset : wordnet.synsets(pos)) {
				if (wordnet.offensive(synset)) {
					continue;
				}
				Optional<String> word = familiarLemma(synset, Integer.MAX_VALUE);
				word.ifPresent(familiar::add);
				if (wordnet.hyponyms(synset.id()).size() >= 3) {
					word.ifPresent(categories::add);
				}
			}
			this.familiarWords.put(pos, List.copyOf(familiar));
			this.categoryWords.put(pos, List.copyOf(categories));
		}
	}

	/**
	 * "Definition (noun): ..." → the word defined, scored among four choices that the
	 * question does not list (a cloze, as likelihood benchmarks pose knowledge questions
	 * to a small model).
	 */
	List<Question> definitions(SplitSizes sizes) {
		List<Synset> candidates = new ArrayList<>();
		for (PartOfSpeech pos : List.of(PartOfSpeech.NOUN, PartOfSpeech.VERB, PartOfSpeech.ADJECTIVE)) {
			candidates.addAll(this.wordnet.synsets(pos));
		}
		return select(candidates, sizes, this::definition);
	}

	/** "Word (noun): beagle ... Options: a, b, c, d" → its hypernym. */
	List<Question> hypernyms(SplitSizes sizes) {
		List<Synset> candidates = new ArrayList<>();
		for (PartOfSpeech pos : List.of(PartOfSpeech.NOUN, PartOfSpeech.VERB)) {
			candidates.addAll(this.wordnet.synsets(pos));
		}
		return select(candidates, sizes, this::hypernym);
	}

	private Optional<Question> definition(Synset synset) {
		if (!this.wordnet.familiar(synset.id()) || this.wordnet.offensive(synset)
				|| synset.definition().length() < 15) {
			return Optional.empty();
		}
		Optional<String> answer = familiarLemma(synset, 0);
		if (answer.isEmpty() || synset.lemmas().stream().anyMatch((l) -> leaks(synset.definition(), l))) {
			return Optional.empty();
		}
		Set<SynsetId> nearlyRight = new HashSet<>(this.wordnet.ancestors(synset.id()));
		nearlyRight.addAll(this.wordnet.hyponyms(synset.id()));
		String key = synset.id().toString();
		Random random = random(key);
		Optional<List<String>> distractors = distractors(answer.get(), synset, this.familiarWords.get(synset.pos()),
				(candidate) -> this.wordnet.senses(synset.pos(), candidate).stream().noneMatch(nearlyRight::contains),
				random);
		String question = "Definition (" + synset.pos().word() + "): " + synset.definition();
		return distractors.map((d) -> question(key, question, false, answer.get(), d, random));
	}

	private Optional<Question> hypernym(Synset synset) {
		if (!this.wordnet.familiar(synset.id()) || this.wordnet.offensive(synset) || synset.hypernyms().isEmpty()) {
			return Optional.empty();
		}
		Synset general = this.wordnet.synset(synset.hypernyms().get(0));
		Optional<String> word = familiarLemma(synset, 0);
		Optional<String> answer = familiarLemma(general, 1);
		if (word.isEmpty() || answer.isEmpty() || this.wordnet.offensive(general)
				|| sharesAWord(word.get(), answer.get())) {
			return Optional.empty();
		}
		Set<SynsetId> rightForSomeSense = new HashSet<>();
		for (SynsetId sense : this.wordnet.senses(synset.pos(), word.get())) {
			rightForSomeSense.add(sense);
			rightForSomeSense.addAll(this.wordnet.ancestors(sense));
		}
		String key = synset.id().toString();
		Random random = random(key);
		Optional<List<String>> distractors = distractors(answer.get(), general, this.categoryWords.get(synset.pos()),
				(candidate) -> !candidate.equalsIgnoreCase(word.get())
						&& this.wordnet.senses(synset.pos(), candidate).stream().noneMatch(rightForSomeSense::contains),
				random);
		String question = "Word (" + synset.pos().word() + "): " + word.get()
				+ "\nWhich option is a more general word for it?";
		return distractors.map((d) -> question(key, question, true, answer.get(), d, random));
	}

	/**
	 * Items in a fixed order per split (by a hash of the key), as many as asked for; a
	 * synset that makes no good item is passed over.
	 */
	private static List<Question> select(List<Synset> candidates, SplitSizes sizes,
			Function<Synset, Optional<Question>> make) {
		Map<Split, List<Synset>> bySplit = new EnumMap<>(Split.class);
		for (Synset synset : candidates) {
			bySplit.computeIfAbsent(Split.ofKey(synset.id().toString()), (s) -> new ArrayList<>()).add(synset);
		}
		List<Question> questions = new ArrayList<>();
		for (Split split : Split.values()) {
			List<Synset> ordered = new ArrayList<>(bySplit.getOrDefault(split, List.of()));
			ordered.sort(Comparator.comparingLong((Synset s) -> StableHash.of("order", s.id().toString()))
				.thenComparing(Synset::id));
			int wanted = sizes.of(split);
			for (int i = 0; i < ordered.size() && wanted > 0; i++) {
				Optional<Question> question = make.apply(ordered.get(i));
				if (question.isPresent()) {
					questions.add(question.get());
					wanted--;
				}
			}
		}
		return questions;
	}

	private Optional<List<String>> distractors(String answer, Synset answerSynset, List<String> pool,
			Predicate<String> allowed, Random random) {
		Set<SynsetId> answerSenses = new HashSet<>(this.wordnet.senses(answerSynset.pos(), answer));
		Set<String> taken = new HashSet<>();
		taken.add(answer.toLowerCase(Locale.ROOT));
		answerSynset.lemmas().forEach((l) -> taken.add(l.toLowerCase(Locale.ROOT)));
		List<String> chosen = new ArrayList<>(CHOICES - 1);
		int words = answer.split(" ").length;
		for (int tries = 0; tries < TRIES && chosen.size() < CHOICES - 1 && !pool.isEmpty(); tries++) {
			String candidate = pool.get(random.nextInt(pool.size()));
			if (tries < TRIES / 2 && candidate.split(" ").length != words) {
				continue; // prefer distractors as long as the answer, so length does not
							// give it away
			}
			boolean synonym = this.wordnet.senses(answerSynset.pos(), candidate)
				.stream()
				.anyMatch(answerSenses::contains);
			if (!taken.contains(candidate) && !synonym && allowed.test(candidate)) {
				taken.add(candidate);
				chosen.add(candidate);
			}
		}
		return (chosen.size() == CHOICES - 1) ? Optional.of(chosen) : Optional.empty();
	}

	private static Question question(String key, String question, boolean listChoices, String answer,
			List<String> distractors, Random random) {
		List<String> choices = new ArrayList<>(distractors);
		choices.add(answer);
		Collections.shuffle(choices, random);
		String user = listChoices ? question + "\nOptions: " + String.join(", ", choices) : question;
		return new Question(key, Split.ofKey(key), user, List.copyOf(choices), choices.indexOf(answer));
	}

	/**
	 * The synset's most familiar plain lemma (lower case, at most three words) among
	 * those for which the synset is one of their {@code maxRank + 1} most frequent
	 * senses.
	 */
	private Optional<String> familiarLemma(Synset synset, int maxRank) {
		String best = null;
		int bestCount = 0;
		for (String lemma : synset.lemmas()) {
			int count = this.wordnet.tagCount(synset.pos(), lemma);
			if (PLAIN.matcher(lemma).matches() && count > bestCount
					&& this.wordnet.senseRank(synset.id(), lemma) <= maxRank) {
				best = lemma;
				bestCount = count;
			}
		}
		return Optional.ofNullable(best);
	}

	/** True when the definition gives the word away: it uses the word or its stem. */
	static boolean leaks(String definition, String lemma) {
		Set<String> words = new HashSet<>(
				WORD.matcher(definition.toLowerCase(Locale.ROOT)).results().map(MatchResult::group).toList());
		for (String part : lemma.toLowerCase(Locale.ROOT).split("[ -]")) {
			if (part.length() < 3) {
				continue;
			}
			String stem = (part.length() <= 4) ? part : part.substring(0, Math.max(4, part.length() - 2));
			if (words.stream().anyMatch((w) -> w.startsWith(stem))) {
				return true;
			}
		}
		return false;
	}

	private static boolean sharesAWord(String a, String b) {
		Set<String> words = new HashSet<>(List.of(a.split("[ -]")));
		return List.of(b.split("[ -]")).stream().anyMatch(words::contains);
	}

	private Random random(String key) {
		return new Random(this.seed ^ StableHash.of("item", key));
	}

}
