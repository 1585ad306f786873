package ai.elms.node.api;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Options of a streamed response.
 *
 * @param includeUsage whether a last chunk with empty choices carries the usage
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record StreamOptions(Boolean includeUsage) {

	boolean usage() {
		return Boolean.TRUE.equals(this.includeUsage);
	}

}
