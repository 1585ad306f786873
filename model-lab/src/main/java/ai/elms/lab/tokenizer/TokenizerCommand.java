package ai.elms.lab.tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import ai.elms.engine.pack.ChatTemplate;
import ai.elms.engine.text.Tokenizer;
import ai.elms.lab.Progress;
import ai.elms.lab.data.DataDirectory;
import ai.elms.lab.data.Document;
import ai.elms.lab.tasks.Split;
import ai.elms.lab.tasks.Task;
import ai.elms.lab.tasks.TaskItem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code model-lab tokenizer}: trains the BPE on the data directory's corpus and training
 * items, writes {@code tokenizer.json}, and checks that the engine's tokenizer (DJL)
 * encodes the validation prompts exactly as the trainer's encoder does.
 */
@Command(name = "tokenizer", mixinStandardHelpOptions = true,
		description = "Train a byte-level BPE on the data step's corpus and training items and write a "
				+ "Hugging Face tokenizer.json.")
public final class TokenizerCommand implements Callable<Integer> {

	/** The chat markers of the engine's chat template, end of sequence first. */
	public static final List<String> SPECIAL_TOKENS = ChatTemplate.DEFAULT_SPECIAL_TOKENS;

	@Option(names = "--data", required = true, description = "data directory written by the data step")
	Path data;

	@Option(names = "--out", description = "tokenizer.json to write (default: DATA/tokenizer.json)")
	Path out;

	@Option(names = "--vocab-size", defaultValue = "4096",
			description = "vocabulary size: 256 bytes, 4 special tokens, the rest merges (default: ${DEFAULT-VALUE})")
	int vocabularySize;

	@Override
	public Integer call() throws Exception {
		DataDirectory dir = new DataDirectory(this.data);
		if (!Files.isRegularFile(dir.corpus())) {
			throw new IllegalArgumentException("no corpus in " + this.data
					+ ": write the data directory first with model-lab data --out " + this.data);
		}
		Path file = (this.out != null) ? this.out : dir.tokenizer();
		int merges = BpeTrainer.merges(this.vocabularySize, SPECIAL_TOKENS);
		List<String> texts = trainingTexts(dir);
		BytePairEncoding bpe;
		try (Progress progress = Progress.bar("tokenizer", merges)) {
			bpe = BpeTrainer.train(texts, this.vocabularySize, SPECIAL_TOKENS, progress);
		}
		bpe.write(file);
		System.out.printf("wrote %s: %d tokens (%d merges)%n", file, bpe.size(), bpe.merges().size());

		try (Tokenizer engine = Tokenizer.load(file)) {
			for (Task task : Task.values()) {
				List<TaskItem> items = dir.readTasks(task, Split.VALIDATION);
				long[] chars = new long[3];
				long[] tokens = new long[3];
				for (TaskItem item : items) {
					List<String> parts = List.of(item.system(), item.user(), item.answerText());
					for (int p = 0; p < parts.size(); p++) {
						int[] ids = bpe.encode(parts.get(p));
						if (!Arrays.equals(ids, engine.encode(parts.get(p)))) {
							throw new IllegalStateException(
									"the engine's tokenizer encodes " + item.id() + " differently from the trainer");
						}
						chars[p] += parts.get(p).length();
						tokens[p] += ids.length;
					}
				}
				int n = Math.max(1, items.size());
				System.out.printf(
						"%-18s %d validation items encode alike in the engine; %.2f chars/token; "
								+ "mean tokens: system %d, user %d, answer %.1f%n",
						task.id(), items.size(),
						Arrays.stream(chars).sum() / (double) Math.max(1, Arrays.stream(tokens).sum()), tokens[0] / n,
						tokens[1] / n, tokens[2] / (double) n);
			}
		}
		return 0;
	}

	/**
	 * The corpus, the user part and answer of every training item, one system prompt per
	 * task.
	 */
	static List<String> trainingTexts(DataDirectory dir) throws IOException {
		List<String> texts = new ArrayList<>();
		for (Document document : dir.readCorpus()) {
			texts.add(document.text());
		}
		for (Task task : Task.values()) {
			List<TaskItem> train = dir.readTasks(task, Split.TRAIN);
			if (!train.isEmpty()) {
				texts.add(train.get(0).system());
			}
			for (TaskItem item : train) {
				texts.add(item.user());
				texts.add(item.answerText());
			}
		}
		return texts;
	}

}
