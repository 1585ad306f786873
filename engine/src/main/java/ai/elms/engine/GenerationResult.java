package ai.elms.engine;

/**
 * The outcome of one generation.
 *
 * @param text the generated text, stop string excluded
 * @param finishReason why it ended
 * @param promptTokens tokens of the prompt
 * @param completionTokens tokens generated
 * @param prefillMs time of the prefill pass over the prompt
 * @param ttftMs from the start of the generation to the first token
 * @param decodeMs from the first token to the last
 */
public record GenerationResult(String text, FinishReason finishReason, int promptTokens, int completionTokens,
		double prefillMs, double ttftMs, double decodeMs) {

	/** Time per output token after the first, the usual TPOT; 0 for a single token. */
	public double tpotMs() {
		return (this.completionTokens > 1) ? this.decodeMs / (this.completionTokens - 1) : 0;
	}

}
