package ai.elms.benchmarks.slo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.json.JsonMapper;

/**
 * A task item as model-lab's data step writes it ({@code DATA/tasks/TASK/test.jsonl}),
 * the fields a client needs.
 *
 * @param id the item
 * @param task its task
 * @param system the system message
 * @param user the user message
 * @param choices the candidate answers
 * @param answer the index of the gold one
 * @param answerText the gold answer
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record TestItem(@JsonProperty("id") String id, @JsonProperty("task") String task, @JsonProperty("system") String system,
		@JsonProperty("user") String user, @JsonProperty("choices") List<String> choices,
		@JsonProperty("answer") int answer, @JsonProperty("answer_text") String answerText) {

	static final List<String> TASKS = List.of("app-selection", "function-call", "wordnet-definition",
			"wordnet-hypernym");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** The first {@code perTask} test items of a task. */
	static List<TestItem> read(Path data, String task, int perTask) throws IOException {
		Path file = data.resolve("tasks").resolve(task).resolve("test.jsonl");
		if (!Files.isRegularFile(file)) {
			throw new IOException("no " + file + ": run model-lab data first");
		}
		List<TestItem> items = new ArrayList<>();
		for (String line : Files.readAllLines(file)) {
			if (items.size() == perTask) {
				break;
			}
			if (!line.isBlank()) {
				items.add(JSON.readValue(line, TestItem.class));
			}
		}
		return items;
	}

}
