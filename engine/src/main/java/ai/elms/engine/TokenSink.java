package ai.elms.engine;

/**
 * Receives generated text as it is produced, on the generating thread.
 */
@FunctionalInterface
public interface TokenSink {

	/** A sink that ignores the text. */
	TokenSink NONE = (delta) -> true;

	/**
	 * Called for every piece of text that is final (never part of a stop string).
	 * @param delta text produced since the last call; never empty
	 * @return {@code false} to stop the generation (the client went away)
	 */
	boolean accept(String delta);

	/**
	 * Asked before every decode step, also while a token yields no text yet.
	 * @return {@code true} to stop the generation
	 */
	default boolean cancelled() {
		return false;
	}

}
