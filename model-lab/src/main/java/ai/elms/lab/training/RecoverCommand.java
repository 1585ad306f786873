package ai.elms.lab.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.elms.engine.TinyModel;
import ai.elms.engine.pack.LevelSpec;
import ai.elms.engine.pack.ModelPackage;
import ai.elms.engine.pack.PackageManifest;
import ai.elms.engine.text.Tokenizer;
import ai.elms.lab.Progress;
import ai.elms.lab.data.DataDirectory;
import ai.elms.lab.elastic.ElasticLayout;
import ai.elms.lab.model.Decoder;
import ai.elms.lab.model.Torch;
import com.fasterxml.jackson.annotation.JsonProperty;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code model-lab recover}: the accuracy the smaller levels lost in the one-shot cut,
 * won back by training every level together on the shared weights. Each step's loss is
 * the full model's plus one smaller level's (drawn by the step), on the tuning rows; the
 * levels stay prefixes of one set of weights, so the engine serves them as before, with
 * no adapter and no weight copy on switching.
 */
@Command(name = "recover", mixinStandardHelpOptions = true,
		description = "Recover the levels of an elasticized run: train the shared weights on the full model's loss "
				+ "plus one smaller level's each step, with validation at the smallest, a middle and the full level.")
public final class RecoverCommand implements Callable<Integer> {

	private static final long LEVEL_PURPOSE = 5;

	static final String COMPRESSION = "compression.json";

	@Option(names = "--data", required = true, description = "data directory with task sets and tokenizer.json")
	Path data;

	@Option(names = "--from",
			description = "run folder of elasticize (or of recover) whose checkpoint and levels to start from, "
					+ "or an exported package to go on recovering")
	Path from;

	@Option(names = "--config", defaultValue = "default",
			description = "the training config when starting from a package (its architecture must be the "
					+ "package's; default: default)")
	String config;

	@Option(names = "--compress-with",
			description = "folder of a tiny model (a package or a tlm-train output) whose score head compresses the "
					+ "system prompts of a share of the batches, as the node serves them")
	Path compressWith;

	@Option(names = "--compressed-share", defaultValue = "0.5",
			description = "share of the batches compressed with --compress-with (default: 0.5)")
	double compressedShare;

	@Mixin
	RunOptions run = new RunOptions();

	@Option(names = "--method", defaultValue = "joint",
			description = "joint (every level on the shared weights, what ships) or low-rank (the published adapters "
					+ "of one level, for comparison; writes no checkpoint)")
	String method;

	@Option(names = "--level", defaultValue = "0.2", description = "the level share low-rank adapters are trained for")
	double level;

	@Option(names = "--rank", defaultValue = "8", description = "rank of the low-rank adapters")
	int rank;

	@Override
	public Integer call() throws Exception {
		boolean lowRank = switch (this.method) {
			case "joint" -> false;
			case "low-rank" -> true;
			default ->
				throw new IllegalArgumentException("--method must be joint or low-rank, not '" + this.method + "'");
		};
		if (lowRank && this.run.resume) {
			throw new IllegalArgumentException("low-rank recovery is a comparison run and does not resume");
		}
		if (lowRank && this.compressWith != null) {
			throw new IllegalArgumentException("--compress-with is for joint recovery");
		}
		if (!this.run.resume && this.from == null) {
			throw new IllegalArgumentException("name the elasticize run to start from with --from");
		}
		Start start = start();
		ElasticLayout layout = start.layout();
		TrainingConfig config = start.config();
		TuneConfig stage = config.recoverOrDefault();
		if (this.run.steps != null) {
			stage = stage.withSteps(this.run.steps);
		}
		config = config.withRecover(stage);
		DataDirectory data = Runs.requireData(this.data);
		Runs.checkVocabulary(data, config.architecture());
		if (lowRank) {
			LevelSpec adapted = layout.levels()
				.stream()
				.filter((l) -> Math.abs(l.share() - this.level) < 1e-6)
				.findFirst()
				.orElseThrow(() -> new IllegalArgumentException("the run has no level " + this.level));
			Torch.engine(this.run.threads);
			try (Tokenizer tokenizer = Tokenizer.load(data.tokenizer());
					NDManager manager = Torch.newManager();
					Decoder decoder = Decoder.load(config.architecture(), start.weights(), manager)) {
				LowRankRecovery.run(this.run.out, decoder, adapted, this.rank, config, stage,
						TaskRows.of(data, tokenizer, config, stage), manager);
			}
			return 0;
		}
		Runs.prepare(this.run.out, config, this.run.resume);
		layout.write(this.run.out);
		Compression compressed = compression();
		List<LevelSpec> levels = layout.levels();
		List<LevelSpec> validated = List.of(levels.get(0), levels.get(levels.size() / 2),
				levels.get(levels.size() - 1));
		Torch.engine(this.run.threads);
		try (Tokenizer tokenizer = Tokenizer.load(data.tokenizer());
				NDManager manager = Torch.newManager();
				TinyModel tiny = (compressed != null) ? TinyModel.open(Path.of(compressed.tlm()), 1) : null) {
			RowCompression compression = (tiny != null) ? new RowCompression(tiny, compressed.share()) : null;
			TaskRows rows = TaskRows.of(data, tokenizer, config, stage, compression);
			TrainingLoop.StepLoss loss = sandwich(levels, config.seed());
			try (Decoder decoder = Decoder.load(config.architecture(), start.weights(), manager);
					Progress progress = Progress.bar("recover", stage.steps())) {
				TrainingLoop loop = new TrainingLoop(this.run.out, "recover", config, stage, rows.batches(), loss,
						(model) -> validate(model, validated, rows, manager), progress);
				TrainingLoop.Outcome outcome = loop.run(decoder, manager, this.run.resume, this.run.lastStep());
				progress.println(TrainingLoop.summary("recover", outcome));
			}
		}
		return 0;
	}

	/**
	 * What a run's batches are compressed with, kept in the run folder so that a resumed
	 * run compresses as it started.
	 */
	record Compression(@JsonProperty("tlm") String tlm, @JsonProperty("share") double share) {
	}

	/** The options' compression, else a resumed run's own, else none; kept in the run. */
	private Compression compression() throws IOException {
		Path file = this.run.out.resolve(COMPRESSION);
		Compression compression = null;
		if (this.compressWith != null) {
			compression = new Compression(this.compressWith.toAbsolutePath().toString(), this.compressedShare);
		}
		else if (this.run.resume && Files.isRegularFile(file)) {
			compression = TrainingConfig.JSON.readValue(file.toFile(), Compression.class);
		}
		if (compression != null) {
			TrainingConfig.JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), compression);
		}
		return compression;
	}

	/** Where recovery starts: weights, levels and the training config. */
	private record Start(Path weights, ElasticLayout layout, TrainingConfig config) {
	}

	private Start start() throws IOException {
		if (!this.run.resume && Files.isRegularFile(this.from.resolve(ModelPackage.MANIFEST))) {
			PackageManifest manifest = ModelPackage.open(this.from).manifest();
			TrainingConfig config = TrainingConfig.load(this.config);
			if (!config.architecture().equals(manifest.architecture())) {
				throw new IllegalArgumentException("the config '" + this.config + "' has another architecture than "
						+ this.from + ": name the package's with --config");
			}
			return new Start(this.from.resolve(manifest.weights()), ElasticLayout.ofPackage(manifest), config);
		}
		Path source = this.run.resume ? this.run.out : this.from;
		Checkpoint checkpoint = Checkpoint.of(source);
		if (!checkpoint.exists()) {
			throw new IllegalArgumentException("no checkpoint in " + source);
		}
		ElasticLayout layout = ElasticLayout.read(source)
			.orElseThrow(() -> new IllegalArgumentException(source + " is not elasticized: run model-lab elasticize"));
		return new Start(checkpoint.weights(), layout, checkpoint.state().config());
	}

	/**
	 * The full model's loss plus that of a smaller level drawn by the step, so that every
	 * level is trained and the full one is held where it was.
	 */
	static TrainingLoop.StepLoss sandwich(List<LevelSpec> levels, long seed) {
		List<LevelSpec> smaller = levels.subList(0, levels.size() - 1);
		return (decoder, batch, step, scope) -> {
			LevelSpec level = smaller.get(Seeds.of(seed, LEVEL_PURPOSE, step).nextInt(smaller.size()));
			NDArray full = Objective.loss(Objective.logits(decoder, batch, scope), batch);
			return full.add(Objective.loss(Objective.logits(decoder, level, batch, scope), batch));
		};
	}

	private static Map<String, Object> validate(Decoder decoder, List<LevelSpec> levels, TaskRows rows,
			NDManager manager) {
		Map<String, Object> figures = new LinkedHashMap<>();
		for (LevelSpec level : levels) {
			String prefix = String.format(Locale.ROOT, "level_%.1f/", level.share());
			Validation.answers(decoder, level, rows.validation(), manager)
				.forEach((name, value) -> figures.put(prefix + name, value));
		}
		return figures;
	}

}
