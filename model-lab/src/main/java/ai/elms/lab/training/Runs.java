package ai.elms.lab.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import ai.djl.ndarray.NDManager;
import ai.elms.engine.pack.Architecture;
import ai.elms.lab.data.DataDirectory;
import ai.elms.lab.model.Decoder;
import tools.jackson.databind.JsonNode;

/** What the pretrain and tune commands share about data and run folders. */
final class Runs {

	static final String CONFIG = "config.json";

	private Runs() {
	}

	static DataDirectory requireData(Path dir) {
		DataDirectory data = new DataDirectory(dir);
		if (!Files.isRegularFile(data.corpus()) || !Files.isRegularFile(data.tokenizer())) {
			throw new IllegalArgumentException("no corpus or tokenizer in " + dir + ": run model-lab data --out " + dir
					+ " and model-lab tokenizer --data " + dir);
		}
		return data;
	}

	/** Checks that the tokenizer's ids fit the model's vocabulary. */
	static void checkVocabulary(DataDirectory data, Architecture arch) throws IOException {
		JsonNode tokenizer = TrainingConfig.JSON.readTree(data.tokenizer().toFile());
		int size = 0;
		for (JsonNode id : tokenizer.path("model").path("vocab")) {
			size = Math.max(size, id.asInt() + 1);
		}
		for (JsonNode token : tokenizer.path("added_tokens")) {
			size = Math.max(size, token.path("id").asInt() + 1);
		}
		if (size != arch.vocabSize()) {
			throw new IllegalArgumentException("the tokenizer in " + data.root() + " has " + size
					+ " tokens, the config's vocab_size is " + arch.vocabSize());
		}
	}

	/** Checks that a fresh run does not overwrite a checkpoint, and writes the config. */
	static void prepare(Path run, TrainingConfig config, boolean resume) throws IOException {
		Checkpoint checkpoint = Checkpoint.of(run);
		if (resume && !checkpoint.exists()) {
			throw new IllegalArgumentException("no checkpoint to resume in " + run);
		}
		if (!resume && checkpoint.exists()) {
			throw new IllegalArgumentException(run + " has a checkpoint: add --resume, or choose another --out");
		}
		Files.createDirectories(run);
		config.write(run.resolve(CONFIG));
	}

	/** The checkpoint's decoder when resuming, else fresh seeded weights. */
	static Decoder decoder(Path run, TrainingConfig config, boolean resume, NDManager manager) throws IOException {
		return resume ? Decoder.load(config.architecture(), Checkpoint.of(run).weights(), manager)
				: Decoder.initialize(config.architecture(), config.seed(), manager);
	}

}
