package ai.elms.lab.tlm;

import ai.elms.lab.tasks.Task;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The score head's label of one prompt: its system and user tokens and how much each
 * system token matters to the LLM's answer.
 *
 * @param id the task item
 * @param task its task
 * @param system the system part's tokens
 * @param user the user part's tokens
 * @param saliency per system token, its {@link Saliency}
 */
public record KeepLabel(@JsonProperty("id") String id, @JsonProperty("task") Task task,
		@JsonProperty("system") int[] system, @JsonProperty("user") int[] user,
		@JsonProperty("saliency") float[] saliency) {

	public KeepLabel {
		if (saliency.length != system.length) {
			throw new IllegalArgumentException(id + ": one saliency per system token");
		}
	}

}
