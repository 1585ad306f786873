package ai.elms.lab.training;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import ai.elms.engine.ChatMessage;
import ai.elms.engine.TinyModel;
import ai.elms.engine.orchestration.PromptParts;
import ai.elms.engine.text.Tokenizer;
import ai.elms.engine.tlm.PromptCompression;
import ai.elms.lab.Fixtures;
import ai.elms.lab.Progress;
import ai.elms.lab.tasks.Split;
import ai.elms.lab.tasks.Task;
import ai.elms.lab.tasks.TaskItem;
import ai.elms.lab.tokenizer.BpeTrainer;
import ai.elms.lab.tokenizer.ChatFormat;
import ai.elms.lab.tokenizer.TokenizerCommand;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ChatRowsTest {

	static final String SYSTEM = "Pick the app.\n\nApps:\n- Clock: alarms\n- Maps: directions\n\nExamples:"
			+ "\n\nInstruction: Wake me at six.\nApp: Clock" + "\n\nInstruction: Take me home.\nApp: Maps"
			+ "\n\nInstruction: Set an alarm.\nApp: Clock" + "\n\nInstruction: Where is the shop?\nApp: Maps"
			+ "\n\nInstruction: Alarm at noon please.\nApp: Clock";

	static final TuneConfig TUNE = new TuneConfig(10, 4096, 1024, 1e-3, 1e-4, 1, 0.1, 1.0, 5, 2, 5, 0, 0.5, 3);

	@TempDir
	static Path dir;

	static Tokenizer tokenizer;

	@BeforeAll
	static void trainTokenizer() throws Exception {
		List<String> texts = new ArrayList<>(
				List.of(SYSTEM, SYSTEM, "Instruction: Wake me at seven.", "Clock", "Maps"));
		Path file = dir.resolve("tokenizer.json");
		BpeTrainer.train(texts, 330, TokenizerCommand.SPECIAL_TOKENS, Progress.none()).write(file);
		tokenizer = Tokenizer.load(file);
	}

	static TaskItem item(int n, String user, int answer) {
		return new TaskItem("app-selection/train/" + n, Task.APP_SELECTION, Split.TRAIN, user.toLowerCase(), SYSTEM,
				user, List.of("Clock", "Maps"), answer, List.of("Clock", "Maps").get(answer));
	}

	@Test
	void aMultiTurnRowIsTheChatTemplateEncodedWholeWithTheLossOnTheAnswers() {
		ChatRows rows = new ChatRows(Map.of(Task.APP_SELECTION, List.of(item(9, "Instruction: Wake me.", 0))),
				tokenizer, TUNE, 1);
		TaskItem first = item(0, "Instruction: Wake me at seven.", 0);
		TaskItem second = item(1, "Instruction: Drive to the park.", 1);

		ChatRows.Row row = rows.row(List.of(first, second), 5, 1, 1024);

		String chat = ChatFormat.TEMPLATE
			.render(List.of(new ChatMessage("system", SYSTEM), new ChatMessage("user", first.user()),
					new ChatMessage("assistant", "Clock"), new ChatMessage("user", second.user())));
		// an answer opens with the template's lead, a space, as the template renders the
		// first one
		int[] whole = tokenizer.encode(chat + " Maps<|end|>");
		assertThat(row.tokens()).containsExactly(whole);
		assertThat(row.answerSpans()).hasSize(2);
		int[] span = row.answerSpans().get(1);
		int[] answer = Arrays.copyOfRange(row.tokens(), span[0], span[1]);
		assertThat(tokenizer.decode(answer, 0, answer.length)).isEqualTo(" Maps");
		assertThat(answer[answer.length - 1]).isEqualTo(tokenizer.tokenId(ChatFormat.END));

		TokenBatch batch = ChatRows.batchOf(List.of(row));
		int firstAnswer = row.answerSpans().get(0)[1] - row.answerSpans().get(0)[0];
		assertThat(batch.targets()).hasSize(firstAnswer + answer.length);
		assertThat(batch.positions()[batch.positions().length - 1]).isEqualTo(row.tokens().length - 2);
		assertThat(batch.answers()[0]).isZero();
		assertThat(batch.answers()[batch.answers().length - 1]).isEqualTo(1);
	}

	@Test
	void aRowStopsAddingTurnsAtTheLimit() {
		ChatRows rows = new ChatRows(Map.of(Task.APP_SELECTION, List.of(item(9, "Instruction: Wake me.", 0))),
				tokenizer, TUNE, 1);
		TaskItem first = item(0, "Instruction: Wake me at seven.", 0);
		int single = rows.row(List.of(first), 5, 1, 1024).tokens().length;

		ChatRows.Row row = rows.row(List.of(first, item(1, "Instruction: Drive to the park.", 1)), 5, 1, single + 3);

		assertThat(row.tokens()).hasSize(single);
		assertThat(row.answerSpans()).hasSize(1);
	}

	@Test
	void aCompressedRowKeepsTheUsersMessageAndTheRatiosShareOfTheSystemPart() throws Exception {
		Path tlm = dir.resolve("tlm");
		Fixtures.tinyModel(tlm, 330, 1024);
		TaskItem first = item(0, "Instruction: Wake me at seven.", 0);
		try (TinyModel tiny = TinyModel.open(tlm, 1)) {
			ChatRows rows = new ChatRows(Map.of(Task.APP_SELECTION, List.of(first)), tokenizer, TUNE, 1,
					new RowCompression(tiny, 1));
			int[] whole = rows.row(List.of(first), 5, 1, 1024).tokens();
			PromptParts parts = PromptParts.locate(
					tokenizer.encode(ChatFormat.TEMPLATE
						.render(List.of(new ChatMessage("system", SYSTEM), new ChatMessage("user", first.user())))),
					tokenizer.encode(SYSTEM), tokenizer.encode(first.user()));

			ChatRows.Row row = rows.row(List.of(first), 5, 0.5, 1024);

			int[] system = parts.system();
			int kept = (int) Math
				.round(system.length * PromptCompression.systemKeepShare(system.length, parts.user().length, 0.5));
			assertThat(row.tokens()).hasSize(whole.length - (system.length - kept));
			// the template and the user's message are whole, the answer follows them
			int[] tail = Arrays.copyOfRange(whole, parts.systemEnd(), whole.length);
			assertThat(Arrays.copyOfRange(row.tokens(), row.tokens().length - tail.length, row.tokens().length))
				.containsExactly(tail);
			assertThat(Arrays.copyOfRange(row.tokens(), 0, parts.systemStart()))
				.containsExactly(Arrays.copyOfRange(whole, 0, parts.systemStart()));
			// what is kept of the system part is a subsequence of it
			int[] keptTokens = Arrays.copyOfRange(row.tokens(), parts.systemStart(), parts.systemStart() + kept);
			int at = 0;
			for (int token : system) {
				if (at < kept && token == keptTokens[at]) {
					at++;
				}
			}
			assertThat(at).isEqualTo(kept);
			int[] answer = row.answerSpans().get(0);
			assertThat(tokenizer.decode(row.tokens(), answer[0], answer[1])).isEqualTo(" Clock");
		}
	}

	@Test
	void aCompressedShareOfTheBatchesDrawsTheTinyModelsRatiosBelowOne() throws Exception {
		Path tlm = dir.resolve("tlm-draw");
		Fixtures.tinyModel(tlm, 330, 1024);
		try (TinyModel tiny = TinyModel.open(tlm, 1)) {
			RowCompression compression = new RowCompression(tiny, 0.5);
			SplittableRandom random = new SplittableRandom(3);
			Map<Double, Integer> drawn = new TreeMap<>();
			for (int i = 0; i < 1000; i++) {
				drawn.merge(compression.draw(random), 1, Integer::sum);
			}
			assertThat(drawn.keySet()).containsExactly(0.25, 0.5, 1.0);
			assertThat(drawn.get(1.0)).isBetween(450, 550);
		}
	}

	@Test
	void fewerShotsKeepTheFirstExamplesAndTheCatalog() {
		assertThat(ChatRows.withShots(SYSTEM, 5)).isEqualTo(SYSTEM);
		assertThat(ChatRows.withShots(SYSTEM, 0))
			.isEqualTo("Pick the app.\n\nApps:\n- Clock: alarms\n- Maps: directions");
		assertThat(ChatRows.withShots(SYSTEM, 2)).endsWith(
				"Examples:\n\nInstruction: Wake me at six.\nApp: Clock" + "\n\nInstruction: Take me home.\nApp: Maps");
	}

	@Test
	void batchesAreAPureFunctionOfTheStepAndOneTaskEach() {
		List<TaskItem> pool = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			pool.add(item(i, "Instruction: Wake me at " + i + ".", i % 2));
		}
		ChatRows rows = new ChatRows(Map.of(Task.APP_SELECTION, pool), tokenizer, TUNE, 1);

		TokenBatch a = rows.batch(7);
		TokenBatch b = rows.batch(7);

		assertThat(a.ids()).containsExactly(b.ids());
		assertThat(a.targets()).containsExactly(b.targets());
		assertThat((long) a.rows() * a.length()).isLessThanOrEqualTo(TUNE.batchTokens());
		assertThat(rows.batch(8).ids()).isNotEqualTo(a.ids());
	}

}
