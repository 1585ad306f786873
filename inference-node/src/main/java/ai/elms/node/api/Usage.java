package ai.elms.node.api;

import ai.elms.engine.GenerationResult;
import ai.elms.node.scheduling.InferenceOutcome;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Token counts of a request.
 *
 * @param promptTokens tokens of the prompt
 * @param completionTokens tokens generated
 * @param totalTokens both
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record Usage(int promptTokens, int completionTokens, int totalTokens) {

	/** The prompt's tokens as sent, whatever compression served. */
	static Usage of(InferenceOutcome outcome) {
		GenerationResult result = outcome.result();
		return new Usage(outcome.promptTokens(), result.completionTokens(),
				outcome.promptTokens() + result.completionTokens());
	}

}
