package ai.elms.lab.tasks;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ai.elms.lab.corpus.Corpora;

/**
 * Builds every task set: questions with their fixed splits, then for each item a system
 * prompt with five worked examples drawn from the training split (never the item itself).
 * Deterministic: the same corpora and seed give the same items.
 */
public final class TaskSets {

	private final long seed;

	private final MobileAgentCatalog catalog = MobileAgentCatalog.load();

	private final SlotFillers fillers;

	private final WordNetQuestions wordNetQuestions;

	private final MobileAgentQuestions mobileAgentQuestions;

	public TaskSets(Corpora corpora, long seed) {
		this.seed = seed;
		this.fillers = new SlotFillers(corpora, this.catalog.slots());
		this.wordNetQuestions = new WordNetQuestions(corpora.wordnet(), seed);
		this.mobileAgentQuestions = new MobileAgentQuestions(this.catalog, this.fillers, seed);
	}

	/** How many different words each slot of the mobile-agent templates draws from. */
	public Map<String, Integer> slotSizes() {
		return this.fillers.sizes();
	}

	public List<TaskItem> build(Task task, SplitSizes sizes) {
		List<Question> questions = switch (task) {
			case WORDNET_DEFINITION -> this.wordNetQuestions.definitions(sizes);
			case WORDNET_HYPERNYM -> this.wordNetQuestions.hypernyms(sizes);
			case APP_SELECTION -> this.mobileAgentQuestions.appSelection(sizes);
			case FUNCTION_CALL -> this.mobileAgentQuestions.functionCalls(sizes);
		};
		return withSystemPrompts(task, questions);
	}

	private List<TaskItem> withSystemPrompts(Task task, List<Question> questions) {
		List<Question> train = questions.stream().filter((q) -> q.split() == Split.TRAIN).toList();
		if (train.size() <= SystemPrompts.EXAMPLES) {
			throw new IllegalStateException(
					task.id() + ": only " + train.size() + " training items, too few for the few-shot examples");
		}
		SystemPrompts prompts = new SystemPrompts(this.catalog);
		Map<Split, Integer> counters = new EnumMap<>(Split.class);
		List<TaskItem> items = new ArrayList<>(questions.size());
		for (Question question : questions) {
			Random random = new Random(this.seed ^ StableHash.of("examples", question.key()));
			List<Question> examples = new ArrayList<>(SystemPrompts.EXAMPLES);
			while (examples.size() < SystemPrompts.EXAMPLES) {
				Question example = train.get(random.nextInt(train.size()));
				if (!example.key().equals(question.key()) && !examples.contains(example)) {
					examples.add(example);
				}
			}
			int n = counters.merge(question.split(), 1, Integer::sum) - 1;
			String id = "%s/%s/%05d".formatted(task.id(), question.split().id(), n);
			items.add(new TaskItem(id, task, question.split(), question.key(), prompts.render(task, examples),
					question.user(), question.choices(), question.answer(), question.answerText()));
		}
		return items;
	}

}
