package ai.elms.lab.tlm;

import ai.elms.lab.tasks.Task;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the elastic LLM does with one prompt at every combination of prompt ratio and
 * model level: the raw material of the decision head's self-induced labels.
 *
 * @param id the task item
 * @param task its task
 * @param system the system part's tokens
 * @param user the user part's tokens
 * @param promptTokens per prompt ratio, the length of the prompt compressed to it
 * @param correct per prompt ratio and model level, whether the level picks the gold
 * answer
 */
public record PromptOutcome(@JsonProperty("id") String id, @JsonProperty("task") Task task,
		@JsonProperty("system") int[] system, @JsonProperty("user") int[] user,
		@JsonProperty("prompt_tokens") int[] promptTokens, @JsonProperty("correct") boolean[][] correct) {

	/** The tiny model's input: the system tokens, then the user's. */
	public int[] content() {
		int[] content = java.util.Arrays.copyOf(this.system, this.system.length + this.user.length);
		System.arraycopy(this.user, 0, content, this.system.length, this.user.length);
		return content;
	}

}
