package ai.elms.lab.training;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

import ai.elms.engine.pack.Architecture;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.json.JsonMapper;

/**
 * A model size and its training budget: {@code --config NAME} picks a preset shipped in
 * {@code ai/elms/lab/training/configs/NAME.json}, {@code --config FILE} reads a file of
 * the same shape.
 *
 * @param name the model's name, written in its package
 * @param seed seed of the initial weights and of every batch
 * @param architecture the decoder, in the package manifest's terms
 * @param pretrain pre-training settings
 * @param tune tuning settings
 * @param recover recovery settings of the elastic levels (same shape as tuning; when
 * absent, {@link #recoverOrDefault()} derives them from tuning)
 */
public record TrainingConfig(@JsonProperty("name") String name, @JsonProperty("seed") long seed,
		@JsonProperty("architecture") Architecture architecture, @JsonProperty("pretrain") PretrainConfig pretrain,
		@JsonProperty("tune") TuneConfig tune, @JsonProperty("recover") TuneConfig recover) {

	/** Steps of recovery when the config names none. */
	static final int DEFAULT_RECOVER_STEPS = 200;

	/**
	 * Whether a checkpoint of a stage taken under this config continues under another:
	 * the model and the settings of that stage and the ones before it are the same (the
	 * settings of later stages do not matter).
	 */
	boolean sameUpTo(String stage, TrainingConfig other) {
		boolean model = this.name.equals(other.name) && this.seed == other.seed
				&& this.architecture.equals(other.architecture) && Objects.equals(this.pretrain, other.pretrain);
		return switch (stage) {
			case "pretrain" -> model;
			case "tune" -> model && Objects.equals(this.tune, other.tune);
			default -> model && Objects.equals(this.tune, other.tune) && Objects.equals(this.recover, other.recover);
		};
	}

	TrainingConfig withPretrain(PretrainConfig pretrain) {
		return new TrainingConfig(this.name, this.seed, this.architecture, pretrain, this.tune, this.recover);
	}

	TrainingConfig withTune(TuneConfig tune) {
		return new TrainingConfig(this.name, this.seed, this.architecture, this.pretrain, tune, this.recover);
	}

	TrainingConfig withRecover(TuneConfig recover) {
		return new TrainingConfig(this.name, this.seed, this.architecture, this.pretrain, this.tune, recover);
	}

	/**
	 * The recovery settings; a config without them recovers like it tuned, for
	 * {@value #DEFAULT_RECOVER_STEPS} steps at half the peak rate.
	 */
	TuneConfig recoverOrDefault() {
		if (this.recover != null) {
			return this.recover;
		}
		if (this.tune == null) {
			throw new IllegalArgumentException("the config has neither recover nor tune settings");
		}
		return new TuneConfig(DEFAULT_RECOVER_STEPS, this.tune.batchTokens(), this.tune.sequenceLength(),
				this.tune.learningRate() / 2, this.tune.minLearningRate() / 2, this.tune.warmupSteps(),
				this.tune.weightDecay(), this.tune.clipNorm(), this.tune.evalEvery(), this.tune.evalItems(),
				this.tune.checkpointEvery(), this.tune.corpusShare(), this.tune.fullPromptShare(),
				this.tune.maxTurns());
	}

	static final JsonMapper JSON = JsonMapper.builder().build();

	public static TrainingConfig load(String nameOrFile) throws IOException {
		Path file = Path.of(nameOrFile);
		if (Files.isRegularFile(file)) {
			return JSON.readValue(file.toFile(), TrainingConfig.class);
		}
		try (InputStream in = TrainingConfig.class.getResourceAsStream("configs/" + nameOrFile + ".json")) {
			if (in == null) {
				throw new IllegalArgumentException(
						"no config '" + nameOrFile + "': name a preset (tiny, small, default) or a JSON file");
			}
			return JSON.readValue(in, TrainingConfig.class);
		}
	}

	void write(Path file) throws IOException {
		JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
	}

}
