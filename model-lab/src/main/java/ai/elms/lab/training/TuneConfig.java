package ai.elms.lab.training;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Task tuning on the train split in the package's chat format, the loss on the answer and
 * its end token only.
 *
 * @param steps optimizer steps
 * @param batchTokens tokens per step
 * @param sequenceLength longest row (the longest prompt plus its answer must fit)
 * @param learningRate peak rate
 * @param minLearningRate rate at the last step
 * @param warmupSteps linear warm-up steps
 * @param weightDecay decoupled weight decay of the matrices
 * @param clipNorm gradient norm clip
 * @param evalEvery steps between validations
 * @param evalItems validation items per task at each validation (the first ones)
 * @param checkpointEvery steps between checkpoints
 * @param corpusShare share of the steps that are pre-training steps on the corpus, to
 * keep the language model
 * @param fullPromptShare share of the rows whose system prompt keeps all its worked
 * examples, as at inference; the others keep 0 to 4 of them
 * @param maxTurns most questions of one task answered in turn after one system prompt
 */
public record TuneConfig(@JsonProperty("steps") int steps, @JsonProperty("batch_tokens") int batchTokens,
		@JsonProperty("sequence_length") int sequenceLength, @JsonProperty("learning_rate") double learningRate,
		@JsonProperty("min_learning_rate") double minLearningRate, @JsonProperty("warmup_steps") int warmupSteps,
		@JsonProperty("weight_decay") double weightDecay, @JsonProperty("clip_norm") double clipNorm,
		@JsonProperty("eval_every") int evalEvery, @JsonProperty("eval_items") int evalItems,
		@JsonProperty("checkpoint_every") int checkpointEvery, @JsonProperty("corpus_share") double corpusShare,
		@JsonProperty("full_prompt_share") double fullPromptShare,
		@JsonProperty("max_turns") int maxTurns) implements Stage {

	TuneConfig withSteps(int steps) {
		return new TuneConfig(steps, this.batchTokens, this.sequenceLength, this.learningRate, this.minLearningRate,
				this.warmupSteps, this.weightDecay, this.clipNorm, this.evalEvery, this.evalItems, this.checkpointEvery,
				this.corpusShare, this.fullPromptShare, this.maxTurns);
	}

}
