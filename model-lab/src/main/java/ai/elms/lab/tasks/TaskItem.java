package ai.elms.lab.tasks;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One task item, a line of a task set's JSONL file. A prompt is the system part (task
 * description, catalog, worked examples: the only part prompt compression may shorten)
 * followed by the user part; the model answers with one of the choices.
 *
 * @param id unique over all tasks, e.g. {@code app-selection/test/0042}
 * @param task the task set
 * @param split the fixed split
 * @param key what decides the split and identifies the item's content (a synset id, the
 * normalized instruction)
 * @param system the system part of the prompt
 * @param user the question
 * @param choices the candidate answers, scored by mean log-likelihood as published
 * @param answer index of the gold answer in {@code choices}
 * @param answerText the gold answer, for exact-match scoring of a generated answer
 */
public record TaskItem(@JsonProperty("id") String id, @JsonProperty("task") Task task,
		@JsonProperty("split") Split split, @JsonProperty("key") String key, @JsonProperty("system") String system,
		@JsonProperty("user") String user, @JsonProperty("choices") List<String> choices,
		@JsonProperty("answer") int answer, @JsonProperty("answer_text") String answerText) {

	public TaskItem {
		if (answer < 0 || answer >= choices.size() || !choices.get(answer).equals(answerText)) {
			throw new IllegalArgumentException(id + ": the answer must be one of the choices");
		}
	}

}
