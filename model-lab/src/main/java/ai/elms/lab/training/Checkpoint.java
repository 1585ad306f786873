package ai.elms.lab.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

import ai.elms.engine.pack.SafeTensors;
import ai.elms.lab.model.Decoder;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A run's latest checkpoint, {@code RUN/checkpoint/}: {@code state.json} (stage, step,
 * config), {@code model.safetensors} (the weights in the package's format) and
 * {@code optimizer.safetensors} (AdamW's moments). Written aside and moved into place, so
 * a run stopped while saving keeps its previous checkpoint.
 *
 * @param dir the checkpoint folder
 */
public record Checkpoint(Path dir) {

	static final String STATE = "state.json";

	static final String MODEL = "model.safetensors";

	static final String OPTIMIZER = "optimizer.safetensors";

	/**
	 * What a checkpoint was taken of.
	 *
	 * @param stage pretrain or tune
	 * @param step the last step done
	 * @param config the run's config
	 */
	public record State(@JsonProperty("stage") String stage, @JsonProperty("step") long step,
			@JsonProperty("config") TrainingConfig config) {
	}

	public static Checkpoint of(Path run) {
		return new Checkpoint(run.resolve("checkpoint"));
	}

	public boolean exists() {
		return Files.isRegularFile(this.dir.resolve(STATE));
	}

	public State state() throws IOException {
		return TrainingConfig.JSON.readValue(this.dir.resolve(STATE).toFile(), State.class);
	}

	public Path weights() {
		return this.dir.resolve(MODEL);
	}

	Path optimizer() {
		return this.dir.resolve(OPTIMIZER);
	}

	void save(State state, Decoder decoder, AdamW optimizer) throws IOException {
		Path partial = this.dir.resolveSibling(this.dir.getFileName() + ".partial");
		delete(partial);
		Files.createDirectories(partial);
		decoder.write(partial.resolve(MODEL));
		SafeTensors.write(partial.resolve(OPTIMIZER), optimizer.state());
		TrainingConfig.JSON.writerWithDefaultPrettyPrinter().writeValue(partial.resolve(STATE).toFile(), state);
		Path old = this.dir.resolveSibling(this.dir.getFileName() + ".old");
		delete(old);
		if (Files.exists(this.dir)) {
			Files.move(this.dir, old, StandardCopyOption.ATOMIC_MOVE);
		}
		Files.move(partial, this.dir, StandardCopyOption.ATOMIC_MOVE);
		delete(old);
	}

	private static void delete(Path dir) throws IOException {
		if (!Files.exists(dir)) {
			return;
		}
		try (Stream<Path> files = Files.walk(dir)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.delete(file);
			}
		}
	}

}
