package ai.elms.lab.tasks;

import com.fasterxml.jackson.annotation.JsonValue;

/** The task sets, named as in file names and records. */
public enum Task {

	/** Pick the word for a WordNet definition among 4. */
	WORDNET_DEFINITION("wordnet-definition"),

	/** Pick the hypernym (a more general word) of a word among 4. */
	WORDNET_HYPERNYM("wordnet-hypernym"),

	/** Pick the app for a UI-automation instruction among all apps of the catalog. */
	APP_SELECTION("app-selection"),

	/**
	 * Pick the function call for a request among one call per function of the catalog.
	 */
	FUNCTION_CALL("function-call");

	private final String id;

	Task(String id) {
		this.id = id;
	}

	@JsonValue
	public String id() {
		return this.id;
	}

	public static Task of(String id) {
		for (Task task : values()) {
			if (task.id.equals(id)) {
				return task;
			}
		}
		throw new IllegalArgumentException("unknown task '" + id + "'");
	}

}
