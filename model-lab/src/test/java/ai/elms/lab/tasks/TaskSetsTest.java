package ai.elms.lab.tasks;

import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import ai.elms.lab.Fixtures;
import ai.elms.lab.corpus.Corpora;
import ai.elms.lab.corpus.PartOfSpeech;
import ai.elms.lab.corpus.SynsetId;
import ai.elms.lab.corpus.WordNet;
import ai.elms.lab.tasks.MobileAgentCatalog.App;
import ai.elms.lab.tasks.MobileAgentCatalog.Intent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

class TaskSetsTest {

	static final SplitSizes SIZES = new SplitSizes(12, 2, 3, 2);

	static Corpora corpora;

	static TaskSets taskSets;

	@BeforeAll
	static void readFixtures() throws IOException {
		corpora = Corpora.read(Fixtures.sources(), () -> {
		});
		taskSets = new TaskSets(corpora, 7);
	}

	@ParameterizedTest
	@EnumSource(Task.class)
	void everyItemHasItsAnswerAmongItsChoicesAndALongSystemPrompt(Task task) {
		List<TaskItem> items = taskSets.build(task, SIZES);

		assertThat(items).hasSize(12 + 2 + 3 + 2);
		assertThat(items).allSatisfy((item) -> {
			assertThat(item.task()).isEqualTo(task);
			assertThat(item.choices().get(item.answer())).isEqualTo(item.answerText());
			assertThat(item.choices()).doesNotHaveDuplicates();
			assertThat(item.system()).hasSizeGreaterThanOrEqualTo(SystemPrompts.MIN_CHARS);
			assertThat(item.system()).doesNotContain(item.user());
			assertThat(item.user()).isNotBlank();
		});
		assertThat(items).extracting(TaskItem::id).doesNotHaveDuplicates();
	}

	@ParameterizedTest
	@EnumSource(Task.class)
	void splitsAreDisjointAndTestQuestionsAreNeverExamples(Task task) {
		List<TaskItem> items = taskSets.build(task, SIZES);
		Map<Split, Set<String>> keys = items.stream()
			.collect(Collectors.groupingBy(TaskItem::split, Collectors.mapping(TaskItem::key, Collectors.toSet())));

		assertThat(keys.keySet()).containsExactlyInAnyOrder(Split.values());
		Set<String> all = new HashSet<>();
		keys.values().forEach((k) -> assertThat(all.addAll(k)).isTrue());
		assertThat(all).hasSize(items.size());
		for (TaskItem test : items.stream().filter((i) -> i.split() != Split.TRAIN).toList()) {
			assertThat(items).noneMatch((i) -> i.system().contains(test.user() + "\n"));
		}
	}

	@Test
	void definitionsAreAClozeAndHypernymsListTheirChoices() {
		for (TaskItem item : taskSets.build(Task.WORDNET_DEFINITION, SIZES)) {
			assertThat(item.user()).startsWith("Definition (").doesNotContain("Options:");
			assertThat(item.system()).doesNotContain("Options:");
		}
		for (TaskItem item : taskSets.build(Task.WORDNET_HYPERNYM, SIZES)) {
			assertThat(item.user()).endsWith("\nOptions: " + String.join(", ", item.choices()));
		}
	}

	@Test
	void wordNetChoicesHaveOneRightAnswer() {
		WordNet wordnet = corpora.wordnet();
		for (Task task : List.of(Task.WORDNET_DEFINITION, Task.WORDNET_HYPERNYM)) {
			for (TaskItem item : taskSets.build(task, SIZES)) {
				SynsetId id = SynsetId.parse(item.key());
				PartOfSpeech pos = id.pos();
				Set<SynsetId> answerSenses = new HashSet<>(wordnet.senses(pos, item.answerText()));
				assertThat(item.choices()).hasSize(WordNetQuestions.CHOICES);
				for (String distractor : item.choices()) {
					if (!distractor.equals(item.answerText())) {
						assertThat(wordnet.senses(pos, distractor))
							.as("%s is a synonym of %s", distractor, item.answerText())
							.noneMatch(answerSenses::contains);
					}
				}
				if (task == Task.WORDNET_DEFINITION) {
					assertThat(wordnet.synset(id).lemmas()).contains(item.answerText());
				}
				else {
					assertThat(wordnet.synset(wordnet.synset(id).hypernyms().get(0)).lemmas())
						.contains(item.answerText());
				}
			}
		}
	}

	@Test
	void functionCallChoicesAreOneCallOfEveryFunctionWithNormalizedArguments() {
		MobileAgentCatalog catalog = MobileAgentCatalog.load();
		for (TaskItem item : taskSets.build(Task.FUNCTION_CALL, SIZES)) {
			assertThat(item.choices()).hasSize(catalog.functions().size());
			for (int f = 0; f < item.choices().size(); f++) {
				assertThat(item.choices().get(f)).startsWith(catalog.functions().get(f).name() + "(")
					.matches("\\w+\\((\\w+=\"[^\"]*\"(, )?)*\\)");
			}
			assertThat(item.answerText()).doesNotContainPattern("time=\"(?!\\d\\d:\\d\\d\")")
				.doesNotContainPattern("duration=\"(?!\\d\\d:\\d\\d:\\d\\d\")")
				.doesNotContainPattern(
						"day=\"(?!today|tomorrow|monday|tuesday|wednesday|thursday|friday|saturday|sunday)");
		}
	}

	@Test
	void appSelectionChoosesAmongAllFiftyApps() {
		MobileAgentCatalog catalog = MobileAgentCatalog.load();
		assertThat(catalog.apps()).hasSize(50);
		assertThat(catalog.functions()).hasSizeBetween(18, 24);
		assertThat(taskSets.build(Task.APP_SELECTION, SIZES)).allSatisfy(
				(item) -> assertThat(item.choices()).isEqualTo(catalog.apps().stream().map(App::name).toList()));
	}

	@Test
	void eachIntentHoldsOutOneTemplateForTestAndOneForValidation() {
		MobileAgentCatalog catalog = MobileAgentCatalog.load();
		MobileAgentQuestions questions = new MobileAgentQuestions(catalog, new SlotFillers(corpora, catalog.slots()),
				7);
		for (App app : catalog.apps()) {
			for (Intent intent : app.intents()) {
				List<Split> splits = intent.templates().stream().map((t) -> questions.splitOf(app, t)).toList();
				assertThat(splits).as(app.name()).containsOnlyOnce(Split.TEST, Split.VALIDATION);
				assertThat(splits).as(app.name()).contains(Split.TRAIN).doesNotContain(Split.CALIBRATION);
			}
		}
	}

	@Test
	void theSplitOfAKeyDependsOnTheKeyAlone() {
		assertThat(Split.ofKey("n:02084071")).isEqualTo(Split.ofKey("n:02084071"));
		long test = IntStream.range(0, 10_000).filter((i) -> Split.ofKey("key " + i) == Split.TEST).count();
		assertThat(test).isBetween(900L, 1100L);
	}

}
