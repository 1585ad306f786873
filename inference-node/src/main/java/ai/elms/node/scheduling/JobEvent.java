package ai.elms.node.scheduling;

/** What a job reports to its client: text as it is generated, then the outcome. */
public sealed interface JobEvent {

	/**
	 * Text generated since the last delta; only for streaming requests.
	 *
	 * @param text never empty
	 */
	record Delta(String text) implements JobEvent {
	}

	/**
	 * The generation ended; always the last event.
	 *
	 * @param outcome the result and its timings
	 */
	record Done(InferenceOutcome outcome) implements JobEvent {
	}

}
