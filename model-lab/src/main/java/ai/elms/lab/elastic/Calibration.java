package ai.elms.lab.elastic;

import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import ai.elms.engine.text.Tokenizer;
import ai.elms.lab.data.DataDirectory;
import ai.elms.lab.tasks.Split;
import ai.elms.lab.tasks.Task;
import ai.elms.lab.tasks.TaskItem;
import ai.elms.lab.training.ChatRows;
import ai.elms.lab.training.TokenBatch;
import ai.elms.lab.training.TrainingConfig;

/** The calibration rows that unit and block importance are measured on. */
public final class Calibration {

	/** Calibration items measured on by default, spread over the tasks. */
	public static final int DEFAULT_SAMPLES = 128;

	private Calibration() {
	}

	/**
	 * The first items of the calibration split, as many of each task, as chat rows in the
	 * tuning layout.
	 */
	public static List<TokenBatch> batches(DataDirectory data, Tokenizer tokenizer, TrainingConfig config, int samples)
			throws IOException {
		Task[] tasks = Task.values();
		int perTask = Math.max(1, (samples + tasks.length - 1) / tasks.length);
		Map<Task, List<TaskItem>> byTask = new EnumMap<>(Task.class);
		List<TaskItem> items = new ArrayList<>();
		for (Task task : tasks) {
			List<TaskItem> split = data.readTasks(task, Split.CALIBRATION);
			byTask.put(task, split);
			items.addAll(split.subList(0, Math.min(perTask, split.size())));
		}
		if (items.isEmpty()) {
			throw new IllegalArgumentException("no calibration items in " + data.root());
		}
		return new ChatRows(byTask, tokenizer, config.tune(), config.seed()).validationBatches(items);
	}

}
