package ai.elms.lab.evaluate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDManager;
import ai.elms.engine.ChatMessage;
import ai.elms.engine.ElasticEngine;
import ai.elms.engine.EngineOptions;
import ai.elms.engine.pack.Architecture;
import ai.elms.engine.text.ByteLevelVocabulary;
import ai.elms.lab.ModelLab;
import ai.elms.lab.data.DataDirectory;
import ai.elms.lab.export.PackageExport;
import ai.elms.lab.model.Decoder;
import ai.elms.lab.model.Torch;
import ai.elms.lab.tasks.Split;
import ai.elms.lab.tasks.Task;
import ai.elms.lab.tasks.TaskItem;
import ai.elms.lab.tokenizer.ChatFormat;
import ai.elms.lab.tokenizer.TokenizerCommand;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Evaluation through the engine on a random tiny package: the picked choice is the one
 * the engine scores most likely on its own, and an answer is an exact match exactly when
 * it is the engine's greedy output.
 */
class EvaluateCommandTest {

	static final Architecture TINY = new Architecture(32, 2, 4, 2, 8, 64, 300, 256, 10000.0, 1e-5, true);

	@TempDir
	static Path dir;

	static Path pack;

	@BeforeAll
	static void exportRandomPackage() throws Exception {
		pack = dir.resolve("pack");
		Path tokenizer = dir.resolve("tokenizer.json");
		ByteLevelVocabulary.filled(TokenizerCommand.SPECIAL_TOKENS, TINY.vocabSize()).write(tokenizer);
		try (NDManager manager = Torch.newManager(); Decoder decoder = Decoder.initialize(TINY, 11, manager)) {
			// weights large enough that choices get clearly different scores
			decoder.parameters()
				.values()
				.stream()
				.filter((p) -> p.getShape().dimension() > 1)
				.forEach((p) -> p.muli(20));
			Path weights = dir.resolve("weights.safetensors");
			decoder.write(weights);
			PackageExport.write(TINY, "eval", weights, tokenizer, pack);
		}
	}

	@Test
	void picksTheMostLikelyChoiceAndMatchesOnlyTheGreedyAnswer() throws Exception {
		List<TaskItem> items = new ArrayList<>();
		int expectedPicksRight = 0;
		int expectedExact = 0;
		try (ElasticEngine engine = ElasticEngine.open(pack, EngineOptions.DEFAULTS.withThreads(1))) {
			int end = engine.encode(ChatFormat.END)[0];
			for (int i = 0; i < 6; i++) {
				String system = "Answer with one word. Item " + i + ".";
				String user = "Question " + i + "?";
				int[] prompt = engine.encode(
						engine.renderChat(List.of(new ChatMessage("system", system), new ChatMessage("user", user))));
				int[] greedyTokens = engine.withPrompt(prompt, 8, (prefilled) -> prefilled.greedy(48));
				boolean goesOn = engine.withPrompt(prompt, 8, (prefilled) -> prefilled.greedy(49)).length > 48;
				String greedy = engine.decode(greedyTokens).strip();
				List<String> choices = List.of("alpha", "be", "gamma" + i, greedy.isEmpty() ? "none" : greedy);
				int best = -1;
				double bestScore = Double.NEGATIVE_INFINITY;
				for (int c = 0; c < choices.size(); c++) {
					int[] choice = engine.encode(engine.answerLead() + choices.get(c));
					int[] withEnd = java.util.Arrays.copyOf(choice, choice.length + 1);
					withEnd[choice.length] = end;
					double score = engine.score(prompt, withEnd, 8).mean();
					if (score > bestScore) {
						bestScore = score;
						best = c;
					}
				}
				// even items: the gold answer is the greedy output; odd ones: another
				// choice
				int answer = (i % 2 == 0) ? 3 : (i % 3);
				expectedPicksRight += (best == answer) ? 1 : 0;
				expectedExact += greedy.equals(choices.get(answer)) ? 1 : 0;
				TaskItem item = new TaskItem(Task.APP_SELECTION.id() + "/test/" + i, Task.APP_SELECTION, Split.TEST,
						"k" + i, system, user, choices, answer, choices.get(answer));
				items.add(item);
				// the scorer the tiny model's outcomes use, on the same prompt: both ways
				ItemScorer scorer = new ItemScorer(engine, ChatFormat.END, 48);
				assertThat(scorer.picksAnswer(prompt, item, 8)).isEqualTo(best == answer);
				assertThat(scorer.generatesAnswer(prompt, item, 8)).isEqualTo(greedy.equals(choices.get(answer)));
				// with room to go on, an answer that goes on past the gold one is not it
				assertThat(new ItemScorer(engine, ChatFormat.END, 128).generatesAnswer(prompt, item, 8))
					.isEqualTo(greedy.equals(choices.get(answer)) && !goesOn);
			}
		}
		DataDirectory data = new DataDirectory(dir.resolve("data"));
		Path file = data.tasks(Task.APP_SELECTION, Split.TEST);
		Files.createDirectories(file.getParent());
		JsonMapper json = JsonMapper.builder().build();
		StringBuilder lines = new StringBuilder();
		for (TaskItem item : items) {
			lines.append(json.writeValueAsString(item)).append('\n');
		}
		Files.writeString(file, lines);

		Path out = dir.resolve("report.json");
		int code = ModelLab.commandLine()
			.execute("evaluate", "--package", pack.toString(), "--data", data.root().toString(), "--tasks",
					Task.APP_SELECTION.id(), "--levels", "0.2,1.0", "--items", "100", "--workers", "2",
					"--max-answer-tokens", "48", "--out", out.toString());
		assertThat(code).isZero();
		EvaluationReport report = EvaluationReport.read(out);
		assertThat(report.levels()).hasSize(2);
		EvaluationReport.TaskResult full = report.levels().get(1).tasks().get(Task.APP_SELECTION.id());
		assertThat(report.levels().get(1).share()).isEqualTo(1.0);
		assertThat(full.items()).isEqualTo(6);
		assertThat(full.likelihoodAccuracy()).isEqualTo(expectedPicksRight / 6.0);
		assertThat(expectedExact).as("greedy answers that are gold answers").isPositive();
		assertThat(full.exactMatch()).isEqualTo(expectedExact / 6.0);
		assertThat(report.table()).contains("| 1.0 |").contains("app-selection");
	}

	@Test
	void anUnknownSplitOrTaskIsAClearError() {
		java.io.StringWriter err = new java.io.StringWriter();
		int code = ModelLab.commandLine()
			.setErr(new java.io.PrintWriter(err))
			.execute("evaluate", "--package", pack.toString(), "--data", dir.toString(), "--split", "dev");
		assertThat(code).isNotZero();
		assertThat(err.toString()).contains("unknown split 'dev'");
	}

	@Test
	void anAnswerLimitBelowOneTokenIsAClearError() {
		for (String limit : new String[] { "0", "-3" }) {
			java.io.StringWriter err = new java.io.StringWriter();
			int code = ModelLab.commandLine()
				.setErr(new java.io.PrintWriter(err))
				.execute("evaluate", "--package", pack.toString(), "--data", dir.toString(), "--max-answer-tokens",
						limit);
			assertThat(code).isNotZero();
			assertThat(err.toString()).contains("--max-answer-tokens must be at least 1");
		}
	}

}
