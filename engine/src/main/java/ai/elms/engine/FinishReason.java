package ai.elms.engine;

/** Why a generation ended; the lower-case name is the OpenAI {@code finish_reason}. */
public enum FinishReason {

	/** An end-of-sequence token or a stop string. */
	STOP,
	/** {@code max_tokens} or the context length was reached. */
	LENGTH,
	/** The sink asked to stop. */
	CANCELLED;

	public String openAiName() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
