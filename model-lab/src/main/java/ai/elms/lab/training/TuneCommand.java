package ai.elms.lab.training;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import ai.djl.ndarray.NDManager;
import ai.elms.engine.text.Tokenizer;
import ai.elms.lab.Progress;
import ai.elms.lab.data.DataDirectory;
import ai.elms.lab.model.Decoder;
import ai.elms.lab.model.Torch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code model-lab tune}: the pre-trained decoder on the tasks' train split in the
 * package's chat format, loss on the answers, with some corpus steps mixed in.
 */
@Command(name = "tune", mixinStandardHelpOptions = true,
		description = "Tune a pre-trained decoder on the task sets' train split in the chat format (loss on the "
				+ "answer tokens), with validation loss and exact match on the validation split.")
public final class TuneCommand implements Callable<Integer> {

	@Option(names = "--data", required = true, description = "data directory with task sets and tokenizer.json")
	Path data;

	@Option(names = "--from", description = "run folder of pretrain whose checkpoint to start from")
	Path from;

	@Mixin
	RunOptions run = new RunOptions();

	@Option(names = "--config", description = "preset or JSON file (default: the pretrain run's config)")
	String config;

	@Override
	public Integer call() throws Exception {
		if (!this.run.resume && this.from == null) {
			throw new IllegalArgumentException("name the pretrain run to start from with --from");
		}
		Checkpoint start = this.run.resume ? Checkpoint.of(this.run.out) : Checkpoint.of(this.from);
		if (!start.exists()) {
			throw new IllegalArgumentException("no checkpoint in " + (this.run.resume ? this.run.out : this.from));
		}
		TrainingConfig config = (this.config != null) ? TrainingConfig.load(this.config) : start.state().config();
		if (this.run.steps != null) {
			config = config.withTune(config.tune().withSteps(this.run.steps));
		}
		if (!config.architecture().equals(start.state().config().architecture())) {
			throw new IllegalArgumentException("the config's architecture differs from the checkpoint's");
		}
		TuneConfig stage = config.tune();
		DataDirectory data = Runs.requireData(this.data);
		Runs.checkVocabulary(data, config.architecture());
		Runs.prepare(this.run.out, config, this.run.resume);
		Torch.engine(this.run.threads);
		try (Tokenizer tokenizer = Tokenizer.load(data.tokenizer()); NDManager manager = Torch.newManager()) {
			TaskRows rows = TaskRows.of(data, tokenizer, config, stage);
			try (Decoder decoder = Decoder.load(config.architecture(), start.weights(), manager);
					Progress progress = Progress.bar("tune", stage.steps())) {
				TrainingLoop loop = new TrainingLoop(this.run.out, "tune", config, stage, rows.batches(),
						(model) -> Validation.answers(model, null, rows.validation(), manager), progress);
				TrainingLoop.Outcome outcome = loop.run(decoder, manager, this.run.resume, this.run.lastStep());
				progress.println(TrainingLoop.summary("tune", outcome));
			}
		}
		return 0;
	}

}
