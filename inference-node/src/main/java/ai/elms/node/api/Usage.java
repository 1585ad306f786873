package ai.elms.node.api;

import ai.elms.engine.GenerationResult;
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

	static Usage of(GenerationResult result) {
		return new Usage(result.promptTokens(), result.completionTokens(),
				result.promptTokens() + result.completionTokens());
	}

}
