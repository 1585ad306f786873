package ai.elms.lab.training;

import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import ai.elms.engine.text.Tokenizer;
import ai.elms.lab.data.DataDirectory;
import ai.elms.lab.tasks.Split;
import ai.elms.lab.tasks.Task;
import ai.elms.lab.tasks.TaskItem;

/**
 * What tuning and recovery train and validate on: chat rows of the train split, with a
 * share of corpus steps mixed in, and one row per item of the validation split's first
 * items.
 */
final class TaskRows {

	private static final long CORPUS_PURPOSE = 4;

	private final BatchSource batches;

	private final Map<Task, List<TokenBatch>> validation;

	private TaskRows(BatchSource batches, Map<Task, List<TokenBatch>> validation) {
		this.batches = batches;
		this.validation = validation;
	}

	static TaskRows of(DataDirectory data, Tokenizer tokenizer, TrainingConfig config, TuneConfig stage)
			throws IOException {
		return of(data, tokenizer, config, stage, null);
	}

	/**
	 * @param compression how a share of the training batches is compressed, or null for
	 * none; validation rows are never compressed
	 */
	static TaskRows of(DataDirectory data, Tokenizer tokenizer, TrainingConfig config, TuneConfig stage,
			RowCompression compression) throws IOException {
		Map<Task, List<TaskItem>> train = new EnumMap<>(Task.class);
		for (Task task : Task.values()) {
			train.put(task, data.readTasks(task, Split.TRAIN));
		}
		ChatRows tasks = new ChatRows(train, tokenizer, stage, config.seed(), compression);
		Map<Task, List<TokenBatch>> validation = new EnumMap<>(Task.class);
		for (Task task : Task.values()) {
			List<TaskItem> items = data.readTasks(task, Split.VALIDATION);
			validation.put(task, tasks.validationBatches(items.subList(0, Math.min(stage.evalItems(), items.size()))));
		}
		BatchSource batches = tasks;
		if (stage.corpusShare() > 0) {
			PretrainConfig pre = config.pretrain();
			// another seed than pre-training's, so the corpus steps bring windows it has
			// not seen
			CorpusWindows corpus = CorpusWindows.of(data.readCorpus(), tokenizer, pre.sourceWeights(),
					config.seed() + 1, stage.batchTokens(), pre.sequenceLength());
			long seed = config.seed();
			batches = (step) -> (Seeds.of(seed, CORPUS_PURPOSE, step).nextDouble() < stage.corpusShare())
					? corpus.batch(step) : tasks.batch(step);
		}
		return new TaskRows(batches, validation);
	}

	BatchSource batches() {
		return this.batches;
	}

	Map<Task, List<TokenBatch>> validation() {
		return this.validation;
	}

}
