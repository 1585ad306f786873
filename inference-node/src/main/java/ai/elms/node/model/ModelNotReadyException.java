package ai.elms.node.model;

/**
 * A request arrived while the model is loading, failed to load, or the node is stopping.
 */
public class ModelNotReadyException extends RuntimeException {

	public ModelNotReadyException(String message) {
		super(message);
	}

}
