package ai.elms.lab.training;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

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
 */
public record TrainingConfig(@JsonProperty("name") String name, @JsonProperty("seed") long seed,
		@JsonProperty("architecture") Architecture architecture, @JsonProperty("pretrain") PretrainConfig pretrain,
		@JsonProperty("tune") TuneConfig tune) {

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
