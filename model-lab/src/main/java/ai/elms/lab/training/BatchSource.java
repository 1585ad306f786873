package ai.elms.lab.training;

/**
 * The batches of a stage. A batch is a pure function of the seed and the step, so a
 * resumed run sees exactly the batches it would have seen.
 */
interface BatchSource {

	/** The batch of a step, counted from 1. */
	TokenBatch batch(long step);

}
