package ai.elms.engine;

/**
 * A prompt prefilled at one level ({@link ElasticEngine#withPrompt}), continued any
 * number of ways without running the prompt again: each continuation starts from the
 * prompt's KV cache, which none of them changes.
 */
public interface PrefilledPrompt {

	/**
	 * The log-probability of each token of a continuation of the prompt.
	 * @throws IllegalArgumentException if it is empty or does not fit the context
	 */
	ContinuationScore score(int[] continuation);

	/**
	 * The greedy continuation: the most likely token each step, up to an end token (not
	 * included) or {@code maxTokens}.
	 * @throws IllegalArgumentException if {@code maxTokens} is not positive or does not
	 * fit the context
	 */
	int[] greedy(int maxTokens);

	/** The logits of the token after the prompt, one per vocabulary entry. */
	float[] logits();

}
