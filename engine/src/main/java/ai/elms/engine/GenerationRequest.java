package ai.elms.engine;

import java.util.List;

/**
 * One generation at one elastic level.
 *
 * @param promptTokens the prompt, already tokenized (see {@link ElasticEngine#encode})
 * @param level index into {@link ElasticEngine#levels()} (0 is the smallest level)
 * @param maxTokens the most tokens to generate, at least 1
 * @param sampling greedy or temperature / top-p sampling
 * @param stop strings that end the generation; they are not part of the returned text
 * @param ignoreEos keep generating past end-of-sequence tokens, up to max_tokens
 * (exact-length runs for profiling and benchmarks)
 * @param answerLead text the answer opens with, left out of the returned text: the chat
 * template's {@link ai.elms.engine.pack.ChatTemplate#answerLead() answer lead} after a
 * chat prompt, empty after a plain one
 */
public record GenerationRequest(int[] promptTokens, int level, int maxTokens, SamplingParams sampling,
		List<String> stop, boolean ignoreEos, String answerLead) {

	public GenerationRequest(int[] promptTokens, int level, int maxTokens, SamplingParams sampling, List<String> stop) {
		this(promptTokens, level, maxTokens, sampling, stop, false);
	}

	public GenerationRequest(int[] promptTokens, int level, int maxTokens, SamplingParams sampling, List<String> stop,
			boolean ignoreEos) {
		this(promptTokens, level, maxTokens, sampling, stop, ignoreEos, "");
	}

	public GenerationRequest {
		if (promptTokens == null || promptTokens.length == 0) {
			throw new IllegalArgumentException("the prompt is empty");
		}
		if (maxTokens < 1) {
			throw new IllegalArgumentException("max_tokens must be at least 1");
		}
		sampling = (sampling != null) ? sampling : SamplingParams.GREEDY;
		stop = (stop != null) ? List.copyOf(stop) : List.of();
		answerLead = (answerLead != null) ? answerLead : "";
	}

}
