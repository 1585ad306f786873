package ai.elms.node.scheduling;

/** The waiting queue is at capacity: the client should retry later or elsewhere. */
public class QueueFullException extends RuntimeException {

	public QueueFullException(int capacity) {
		super("the node is at capacity (" + capacity + " requests waiting), retry shortly");
	}

}
