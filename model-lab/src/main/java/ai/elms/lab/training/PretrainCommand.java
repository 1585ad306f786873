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

/** {@code model-lab pretrain}: the decoder from random weights on the corpus. */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
		description = "Pre-train the decoder on the data step's corpus (packed windows, sources drawn by "
				+ "weight), with validation on held-out documents and resumable checkpoints.")
public final class PretrainCommand implements Callable<Integer> {

	@Option(names = "--data", required = true, description = "data directory with corpus.jsonl and tokenizer.json")
	Path data;

	@Mixin
	RunOptions run = new RunOptions();

	@Option(names = "--config", defaultValue = "default",
			description = "preset (tiny, small, default) or JSON file of model size and steps (default: ${DEFAULT-VALUE})")
	String config;

	@Override
	public Integer call() throws Exception {
		TrainingConfig config = TrainingConfig.load(this.config);
		if (this.run.steps != null) {
			config = config.withPretrain(config.pretrain().withSteps(this.run.steps));
		}
		PretrainConfig stage = config.pretrain();
		DataDirectory data = Runs.requireData(this.data);
		Runs.checkVocabulary(data, config.architecture());
		Runs.prepare(this.run.out, config, this.run.resume);
		Torch.engine(this.run.threads);
		try (Tokenizer tokenizer = Tokenizer.load(data.tokenizer()); NDManager manager = Torch.newManager()) {
			long start = System.nanoTime();
			CorpusWindows corpus = CorpusWindows.of(data.readCorpus(), tokenizer, stage.sourceWeights(), config.seed(),
					stage.batchTokens(), stage.sequenceLength());
			System.out.printf("corpus tokens per source %s (%.0f s)%n", corpus.sizes(),
					(System.nanoTime() - start) / 1e9);
			try (Decoder decoder = Runs.decoder(this.run.out, config, this.run.resume, manager);
					Progress progress = Progress.bar("pretrain", stage.steps())) {
				System.out.printf("%s: %,d parameters%n", config.name(), decoder.parameterCount());
				TrainingLoop loop = new TrainingLoop(this.run.out, "pretrain", config, stage, corpus,
						(model) -> Validation.heldOut(model, corpus, stage.evalBatches(), manager), progress);
				TrainingLoop.Outcome outcome = loop.run(decoder, manager, this.run.resume, this.run.lastStep());
				progress.println(TrainingLoop.summary("pretrain", outcome));
			}
		}
		return 0;
	}

}
