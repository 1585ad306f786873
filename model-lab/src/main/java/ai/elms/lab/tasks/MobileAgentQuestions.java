package ai.elms.lab.tasks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.stream.Collectors;

import ai.elms.lab.tasks.MobileAgentCatalog.AgentFunction;
import ai.elms.lab.tasks.MobileAgentCatalog.App;
import ai.elms.lab.tasks.MobileAgentCatalog.Intent;
import ai.elms.lab.tasks.MobileAgentCatalog.Param;
import ai.elms.lab.tasks.SlotFillers.SlotValue;

/**
 * App selection and function calls from the catalog's templates. Each intent's templates
 * are dealt to the splits by a stable hash: one only for test, one only for validation,
 * the rest for training and calibration, so a test instruction is always worded in a way
 * never trained on. Slots, polite prefixes and suffixes vary the wording further.
 */
final class MobileAgentQuestions {

	/** Draws per wanted item before a split is given up as exhausted. */
	private static final int DRAWS_PER_ITEM = 50;

	/** Share of the training templates' items that go to calibration instead. */
	private static final double CALIBRATION_SHARE = 0.1;

	private final MobileAgentCatalog catalog;

	private final SlotFillers fillers;

	private final long seed;

	private final Map<String, Split> templateSplits = new HashMap<>();

	MobileAgentQuestions(MobileAgentCatalog catalog, SlotFillers fillers, long seed) {
		this.catalog = catalog;
		this.fillers = fillers;
		this.seed = seed;
		for (App app : catalog.apps()) {
			for (Intent intent : app.intents()) {
				List<String> ordered = new ArrayList<>(intent.templates());
				ordered.sort(Comparator.comparingLong((String t) -> StableHash.of("template", app.name() + "/" + t))
					.thenComparing(Comparator.naturalOrder()));
				for (int i = 0; i < ordered.size(); i++) {
					Split split = (i == 0) ? Split.TEST : (i == 1) ? Split.VALIDATION : Split.TRAIN;
					this.templateSplits.put(templateId(app, ordered.get(i)), split);
				}
			}
		}
	}

	/** Test, validation or train: where a template's instructions go. */
	Split splitOf(App app, String template) {
		return this.templateSplits.get(templateId(app, template));
	}

	/** "Instruction: ..." → the app, among all apps. */
	List<Question> appSelection(SplitSizes sizes) {
		List<String> choices = this.catalog.apps().stream().map(App::name).toList();
		return generate(sizes, "app-selection", (random, split) -> {
			App app = this.catalog.apps().get(random.nextInt(this.catalog.apps().size()));
			Intent intent = app.intents().get(random.nextInt(app.intents().size()));
			Instruction instruction = instruction(app, intent, split, random);
			return new Question(instruction.key(), split, "Instruction: " + instruction.text(), choices,
					this.catalog.apps().indexOf(app));
		});
	}

	/** "Request: ..." → the call, among one call of every function. */
	List<Question> functionCalls(SplitSizes sizes) {
		List<AgentFunction> functions = this.catalog.functions();
		return generate(sizes, "function-call", (random, split) -> {
			AgentFunction function = functions.get(random.nextInt(functions.size()));
			App app = appOf(function);
			Intent intent = app.intents()
				.stream()
				.filter((i) -> function.name().equals(i.function()))
				.findFirst()
				.orElseThrow();
			Instruction instruction = instruction(app, intent, split, random);
			List<String> choices = functions.stream().map((f) -> call(f, instruction.slots(), random)).toList();
			return new Question(instruction.key(), split, "Request: " + instruction.text(), choices,
					functions.indexOf(function));
		});
	}

	/**
	 * Draws questions until each split has its size; a question whose wording was drawn
	 * before is dropped. Items of training templates go to calibration or train by the
	 * hash of their key.
	 */
	private List<Question> generate(SplitSizes sizes, String task, BiFunction<Random, Split, Question> draw) {
		Map<Split, List<Question>> bySplit = new EnumMap<>(Split.class);
		Set<String> seen = new HashSet<>();
		for (Split templates : List.of(Split.TEST, Split.VALIDATION, Split.TRAIN)) {
			Random random = new Random(this.seed ^ StableHash.of(task, templates.id()));
			int wanted = (templates == Split.TRAIN) ? sizes.train() + sizes.calibration() : sizes.of(templates);
			for (int draws = 0; draws < DRAWS_PER_ITEM * Math.max(1, wanted)
					&& !full(bySplit, sizes, templates); draws++) {
				Question question = draw.apply(random, templates);
				if (!seen.add(question.key())) {
					continue;
				}
				Split split = templates;
				if (templates == Split.TRAIN) {
					split = (StableHash.unit("calibration", question.key()) < CALIBRATION_SHARE) ? Split.CALIBRATION
							: Split.TRAIN;
				}
				List<Question> questions = bySplit.computeIfAbsent(split, (s) -> new ArrayList<>());
				if (questions.size() < sizes.of(split)) {
					questions.add(new Question(question.key(), split, question.user(), question.choices(),
							question.answer()));
				}
			}
		}
		List<Question> all = new ArrayList<>();
		for (Split split : Split.values()) {
			all.addAll(bySplit.getOrDefault(split, List.of()));
		}
		return all;
	}

	private static boolean full(Map<Split, List<Question>> bySplit, SplitSizes sizes, Split templates) {
		List<Split> splits = (templates == Split.TRAIN) ? List.of(Split.TRAIN, Split.CALIBRATION) : List.of(templates);
		return splits.stream().allMatch((s) -> bySplit.getOrDefault(s, List.of()).size() >= sizes.of(s));
	}

	/**
	 * @param text the instruction as the user writes it
	 * @param key the instruction normalized: lower case, letters and digits only
	 * @param slots the first value of each slot type in the instruction
	 */
	private record Instruction(String text, String key, Map<String, SlotValue> slots) {
	}

	private Instruction instruction(App app, Intent intent, Split split, Random random) {
		List<String> templates = intent.templates().stream().filter((t) -> splitOf(app, t) == split).toList();
		String template = templates.get(random.nextInt(templates.size()));
		Map<String, SlotValue> slots = new LinkedHashMap<>();
		StringBuilder text = new StringBuilder();
		Matcher m = MobileAgentCatalog.SLOT.matcher(template);
		while (m.find()) {
			SlotValue value = this.fillers.fill(m.group(1), random);
			slots.putIfAbsent(m.group(1), value);
			m.appendReplacement(text, Matcher.quoteReplacement(value.surface()));
		}
		m.appendTail(text);
		String sentence = Character.isLowerCase(template.charAt(0)) ? polite(text.toString(), random)
				: punctuated(text.toString(), false, random);
		String key = sentence.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").strip();
		return new Instruction(sentence, key, slots);
	}

	/**
	 * An imperative, perhaps with a polite prefix (which makes it a question) or suffix,
	 * capitalized and punctuated.
	 */
	private String polite(String imperative, Random random) {
		String sentence = imperative;
		boolean question = false;
		if (random.nextInt(2) == 0) {
			String prefix = this.catalog.prefixes().get(random.nextInt(this.catalog.prefixes().size()));
			question = prefix.startsWith("can") || prefix.startsWith("could") || prefix.startsWith("would");
			sentence = prefix + sentence;
		}
		else if (random.nextInt(3) == 0) {
			sentence = sentence + this.catalog.suffixes().get(random.nextInt(this.catalog.suffixes().size()));
		}
		return punctuated(Character.toUpperCase(sentence.charAt(0)) + sentence.substring(1), question, random);
	}

	/**
	 * Ends the sentence with a question mark, or with nothing, a full stop or an
	 * exclamation mark.
	 */
	private static String punctuated(String sentence, boolean question, Random random) {
		if (sentence.matches(".*[.!?]")) {
			return sentence;
		}
		return sentence + (question ? "?" : List.of("", ".", "!").get(random.nextInt(3)));
	}

	/**
	 * {@code name(arg="value", ...)}: arguments from the request's slots, else defaults,
	 * else drawn.
	 */
	private String call(AgentFunction function, Map<String, SlotValue> slots, Random random) {
		return function.name() + "(" + function.params().stream().map((Param p) -> {
			SlotValue given = slots.get(p.slot());
			String value = (given != null) ? given.value()
					: (p.defaultValue() != null) ? p.defaultValue() : this.fillers.fill(p.slot(), random).value();
			return p.name() + "=\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
		}).collect(Collectors.joining(", ")) + ")";
	}

	private App appOf(AgentFunction function) {
		return this.catalog.apps()
			.stream()
			.filter((a) -> a.intents().stream().anyMatch((i) -> function.name().equals(i.function())))
			.findFirst()
			.orElseThrow();
	}

	private static String templateId(App app, String template) {
		return app.name() + "/" + template;
	}

}
