package ai.elms.lab.training;

/** What the training loop needs of a stage's settings, pre-training or tuning. */
interface Stage {

	/** Optimizer steps of the stage. */
	int steps();

	/** Tokens per step, padding included: rows are added while they fit. */
	int batchTokens();

	/** Longest row, in tokens. */
	int sequenceLength();

	double learningRate();

	double minLearningRate();

	int warmupSteps();

	double weightDecay();

	/** Global gradient norm above which gradients are scaled down. */
	double clipNorm();

	/** Steps between validations (and at the last step). */
	int evalEvery();

	/** Steps between checkpoints (and at the last step). */
	int checkpointEvery();

	default LearningRate schedule() {
		return new LearningRate(learningRate(), minLearningRate(), warmupSteps(), steps());
	}

}
