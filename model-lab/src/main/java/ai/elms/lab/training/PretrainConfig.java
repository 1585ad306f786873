package ai.elms.lab.training;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Pre-training on the corpus: each row a window of the token stream of one source, the
 * source drawn by weight.
 *
 * @param steps optimizer steps
 * @param batchTokens tokens per step
 * @param sequenceLength tokens per row
 * @param learningRate peak rate
 * @param minLearningRate rate at the last step
 * @param warmupSteps linear warm-up steps
 * @param weightDecay decoupled weight decay of the matrices
 * @param clipNorm gradient norm clip
 * @param evalEvery steps between validations on held-out documents
 * @param evalBatches batches of held-out documents per validation
 * @param checkpointEvery steps between checkpoints
 * @param sourceWeights share of the rows drawn from each corpus source
 */
public record PretrainConfig(@JsonProperty("steps") int steps, @JsonProperty("batch_tokens") int batchTokens,
		@JsonProperty("sequence_length") int sequenceLength, @JsonProperty("learning_rate") double learningRate,
		@JsonProperty("min_learning_rate") double minLearningRate, @JsonProperty("warmup_steps") int warmupSteps,
		@JsonProperty("weight_decay") double weightDecay, @JsonProperty("clip_norm") double clipNorm,
		@JsonProperty("eval_every") int evalEvery, @JsonProperty("eval_batches") int evalBatches,
		@JsonProperty("checkpoint_every") int checkpointEvery,
		@JsonProperty("source_weights") Map<String, Double> sourceWeights) implements Stage {

	public PretrainConfig {
		sourceWeights = Map.copyOf(sourceWeights);
	}

	PretrainConfig withSteps(int steps) {
		return new PretrainConfig(steps, this.batchTokens, this.sequenceLength, this.learningRate, this.minLearningRate,
				this.warmupSteps, this.weightDecay, this.clipNorm, this.evalEvery, this.evalBatches,
				this.checkpointEvery, this.sourceWeights);
	}

}
