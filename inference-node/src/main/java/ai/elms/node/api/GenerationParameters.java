package ai.elms.node.api;

import java.util.List;

/**
 * What chat completions and completions requests share: how much to generate, how, and
 * how fast.
 */
interface GenerationParameters {

	String model();

	Integer maxTokens();

	/** Only chat completions have it; it wins over {@code max_tokens}. */
	default Integer maxCompletionTokens() {
		return null;
	}

	Double temperature();

	Double topP();

	Long seed();

	List<String> stop();

	Boolean stream();

	StreamOptions streamOptions();

	RequestSlo slo();

	/**
	 * The ELMS strategy (elastic, full, model-only, prompt-only); null means the node's.
	 */
	String strategy();

	/** Answers to score after the prompt as served; null for none. */
	List<String> options();

	default boolean streaming() {
		return Boolean.TRUE.equals(stream());
	}

	default boolean includeUsage() {
		return streamOptions() != null && streamOptions().usage();
	}

}
