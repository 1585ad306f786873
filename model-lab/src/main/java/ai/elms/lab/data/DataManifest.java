package ai.elms.lab.data;

import java.util.Map;

import ai.elms.lab.tasks.SplitSizes;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the data step wrote ({@code data.json}).
 *
 * @param seed the seed it ran with
 * @param sizes the split sizes asked for per task
 * @param corpus per source: documents and characters of the pre-training corpus
 * @param tasks per task and split: items written
 * @param slots per slot of the mobile-agent templates: how many words fill it
 */
public record DataManifest(@JsonProperty("seed") long seed, @JsonProperty("sizes") SplitSizes sizes,
		@JsonProperty("corpus") Map<String, SourceSize> corpus,
		@JsonProperty("tasks") Map<String, Map<String, Integer>> tasks,
		@JsonProperty("slots") Map<String, Integer> slots) {

	/**
	 * @param documents documents of the source
	 * @param chars characters of their text
	 */
	public record SourceSize(@JsonProperty("documents") int documents, @JsonProperty("chars") long chars) {
	}

}
