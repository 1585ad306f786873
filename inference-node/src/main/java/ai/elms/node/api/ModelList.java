package ai.elms.node.api;

import java.util.List;

import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code GET /v1/models}: the one model this node serves.
 *
 * @param object always {@code list}
 * @param data the models
 */
record ModelList(String object, List<Model> data) {

	/**
	 * @param id the model id, the package's name
	 * @param object always {@code model}
	 * @param created Unix seconds when the node loaded it
	 * @param ownedBy always {@code elms}
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record Model(String id, String object, long created, String ownedBy) {
	}

}
