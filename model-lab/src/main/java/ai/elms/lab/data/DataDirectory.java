package ai.elms.lab.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.elms.lab.tasks.Split;
import ai.elms.lab.tasks.Task;
import ai.elms.lab.tasks.TaskItem;

/**
 * The data step's output, which later steps read:
 *
 * <pre>
 * DIR/
 *   data.json                      manifest: seed, sizes, counts per source and split
 *   corpus.jsonl                   pre-training documents {"source", "text"}
 *   tasks/TASK/SPLIT.jsonl         task items, SPLIT one of train, calibration, validation, test
 *   tokenizer.json                 written by the tokenizer step
 * </pre>
 *
 * @param root the directory
 */
public record DataDirectory(Path root) {

	public Path manifest() {
		return this.root.resolve("data.json");
	}

	public Path corpus() {
		return this.root.resolve("corpus.jsonl");
	}

	public Path tasks(Task task, Split split) {
		return this.root.resolve("tasks").resolve(task.id()).resolve(split.id() + ".jsonl");
	}

	public Path tokenizer() {
		return this.root.resolve("tokenizer.json");
	}

	public List<Document> readCorpus() throws IOException {
		return Jsonl.read(corpus(), Document.class);
	}

	public List<TaskItem> readTasks(Task task, Split split) throws IOException {
		return Jsonl.read(tasks(task, split), TaskItem.class);
	}

	/**
	 * The first {@code perTask} items of each task's split, by task in the order given
	 * (each split's order is fixed).
	 */
	public Map<Task, List<TaskItem>> firstItems(Collection<Task> tasks, Split split, int perTask) throws IOException {
		Map<Task, List<TaskItem>> items = new LinkedHashMap<>();
		for (Task task : tasks) {
			List<TaskItem> all = readTasks(task, split);
			items.put(task, List.copyOf(all.subList(0, Math.min(perTask, all.size()))));
		}
		return items;
	}

	/**
	 * The first {@code perTask} items of every task of a split that may be fitted on; the
	 * test split never is.
	 */
	public List<TaskItem> itemsToFit(String split, int perTask) throws IOException {
		Split chosen = Split.of(split);
		if (chosen == Split.TEST) {
			throw new IllegalArgumentException("the test split is never trained on");
		}
		return firstItems(List.of(Task.values()), chosen, perTask).values().stream().flatMap(List::stream).toList();
	}

	public DataManifest readManifest() throws IOException {
		return Jsonl.JSON.readValue(manifest().toFile(), DataManifest.class);
	}

}
