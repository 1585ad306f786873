package ai.elms.lab.tlm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.elms.engine.TinyModel;
import ai.elms.engine.profile.LatencyProfile;
import ai.elms.engine.tlm.TinyModelConfig;
import ai.elms.lab.Progress;
import ai.elms.lab.data.Jsonl;
import ai.elms.lab.model.Torch;
import ai.elms.lab.training.AdamW;
import ai.elms.lab.training.LearningRate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code model-lab tlm-train}: trains the tiny model in two stages and writes the model
 * the engine runs. {@code keep}: the shared layers and the score head on the keep labels
 * of {@code tlm-labels} (each system token's target is its saliency rank in its prompt).
 * {@code decision}: the decision branch and head alone, from a {@code keep} model, on the
 * labels induced from {@code tlm-outcomes} over an SLO grid.
 */
@Command(name = "tlm-train", mixinStandardHelpOptions = true,
		description = "Train the tiny model: --stage keep (score head on keep labels) or --stage decision (decision "
				+ "head on outcomes, from a keep model); writes tlm.json, tlm.onnx and tlm-weights.safetensors.")
public final class TinyTrainCommand implements Callable<Integer> {

	static final String WEIGHTS = "tlm-weights.safetensors";

	@Option(names = "--stage", defaultValue = "keep", description = "keep or decision (default: keep)")
	String stage;

	@Option(names = "--labels", description = "folder of tlm-labels (stage keep)")
	Path labels;

	@Option(names = "--outcomes", description = "folder of tlm-outcomes (stage decision)")
	Path outcomes;

	@Option(names = "--from",
			description = "folder of the keep stage's model, or of a shipped tiny model (tlm.json, tlm.onnx: its "
					+ "weights are read back from its graph), whose decision head is trained (stage decision)")
	Path from;

	@Option(names = "--profile",
			description = "latency profile the labels' feasibility follows, e.g. one a node measured on the target "
					+ "device (stage decision; default: the one tlm-outcomes measured)")
	Path profile;

	@Option(names = "--label-order", defaultValue = "level-first",
			description = "which right answers a decision label prefers (stage decision): level-first (the largest "
					+ "level, then the smallest ratio, as published) or prompt-first (the largest ratio, then the "
					+ "largest level) (default: level-first)")
	String labelOrder;

	@Option(names = "--out", required = true, description = "folder to write tlm.json and tlm.onnx to")
	Path out;

	@Option(names = "--config", description = "tiny model config JSON (default: the shipped preset)")
	Path config;

	@Option(names = "--steps", defaultValue = "400", description = "optimizer steps (default: 400)")
	int steps;

	@Option(names = "--batch-tokens", defaultValue = "16384", description = "tokens per step (default: 16384)")
	int batchTokens;

	@Option(names = "--learning-rate", defaultValue = "3e-3", description = "peak rate (default: 3e-3)")
	double learningRate;

	@Option(names = "--seed", defaultValue = "42", description = "seed of the weights and batches")
	long seed;

	@Option(names = "--threads", defaultValue = "0", description = "PyTorch threads, 0 for all cores")
	int threads;

	@Override
	public Integer call() throws Exception {
		switch (this.stage) {
			case "keep" -> trainKeep();
			case "decision" -> trainDecision();
			default -> throw new IllegalArgumentException("--stage must be keep or decision, not '" + this.stage + "'");
		}
		System.out.printf("wrote %s, %s and %s to %s%n", TinyModel.CONFIG_FILE, TinyModel.MODEL_FILE, WEIGHTS,
				this.out);
		return 0;
	}

	private void trainKeep() throws IOException {
		if (this.labels == null) {
			throw new IllegalArgumentException("--stage keep needs --labels");
		}
		TinyModelConfig tiny = loadConfig(this.config);
		List<KeepLabel> all = Jsonl.read(this.labels.resolve(TinyLabelsCommand.FILE), KeepLabel.class);
		List<KeepLabel> train = new ArrayList<>();
		List<KeepLabel> heldOut = new ArrayList<>();
		for (KeepLabel label : all) {
			if (label.system().length + label.user().length > tiny.maxLength()) {
				throw new IllegalArgumentException(label.id() + " is longer than the tiny model's " + tiny.maxLength());
			}
			(Math.floorMod(label.id().hashCode(), 10) == 0 ? heldOut : train).add(label);
		}
		if (train.isEmpty()) {
			throw new IllegalArgumentException("no keep labels to train on in " + this.labels);
		}
		Torch.engine(this.threads);
		KeepRows rows = new KeepRows(train, this.batchTokens);
		try (NDManager manager = Torch.newManager();
				TinyEncoder encoder = TinyEncoder.initialize(tiny, this.seed, manager);
				Progress progress = Progress.bar("tlm-train", this.steps)) {
			progress.println(String.format(Locale.ROOT, "tiny model: %,d parameters, %,d multiply-adds per token",
					encoder.parameters().values().stream().mapToLong((p) -> p.getShape().size()).sum(),
					tiny.multiplyAddsPerToken()));
			loop(encoder.parameters(),
					(step, scope) -> keepLoss(encoder, rows.batch(batchRandom(step), tiny.sloBuckets()), scope),
					(step) -> String.format(Locale.ROOT,
							"step %d: held-out saliency kept at half the system tokens, against the best: %.3f", step,
							keptSaliency(encoder, heldOut.isEmpty() ? train : heldOut, manager)),
					manager, progress);
			save(encoder);
		}
	}

	/** The loss of a step, on a batch drawn by the step. */
	private interface StepLoss {

		NDArray of(int step, NDManager scope);

	}

	/**
	 * Steps of AdamW over the trainable parameters, a line of validation figures every
	 * 100 steps and at the end.
	 */
	private void loop(Map<String, NDArray> trainable, StepLoss loss, java.util.function.IntFunction<String> report,
			NDManager manager, Progress progress) {
		LearningRate schedule = new LearningRate(this.learningRate, this.learningRate / 10,
				Math.max(1, this.steps / 20), this.steps);
		try (AdamW optimizer = new AdamW(trainable, 0.01f, manager)) {
			trainable.values().forEach((p) -> p.setRequiresGradient(true));
			for (int step = 1; step <= this.steps; step++) {
				float value;
				try (NDManager scope = manager.newSubManager()) {
					NDArray lossArray;
					try (GradientCollector collector = Torch.engine(0).newGradientCollector()) {
						lossArray = loss.of(step, scope);
						collector.backward(lossArray);
					}
					value = lossArray.getFloat();
					optimizer.step(schedule.at(step), 1f, scope);
				}
				progress.step();
				progress.show(String.format(Locale.ROOT, "loss %.4f", value));
				if (step % 100 == 0 || step == this.steps) {
					trainable.values().forEach((p) -> p.setRequiresGradient(false));
					progress.println(report.apply(step));
					trainable.values().forEach((p) -> p.setRequiresGradient(true));
				}
			}
		}
		finally {
			trainable.values().forEach((p) -> p.setRequiresGradient(false));
		}
	}

	private SplittableRandom batchRandom(int step) {
		return new SplittableRandom(this.seed * 1_000_003L + step);
	}

	private void save(TinyEncoder encoder) throws IOException {
		TinyModel.write(this.out, encoder.config(), encoder.weights());
		encoder.write(this.out.resolve(WEIGHTS));
	}

	private void trainDecision() throws IOException {
		if (this.outcomes == null || this.from == null) {
			throw new IllegalArgumentException("--stage decision needs --outcomes and --from");
		}
		DecisionLabels.Order order = DecisionLabels.Order.of(this.labelOrder);
		TinyModelConfig tiny = Jsonl.JSON.readValue(this.from.resolve(TinyModel.CONFIG_FILE).toFile(),
				TinyModelConfig.class);
		Path profileFile = (this.profile != null) ? this.profile : this.outcomes.resolve(TinyOutcomesCommand.PROFILE);
		LatencyProfile profile = Jsonl.JSON.readValue(profileFile.toFile(), LatencyProfile.class);
		DecisionLabels labeler = new DecisionLabels(profile, order);
		List<PromptOutcome> train = new ArrayList<>();
		List<PromptOutcome> heldOut = new ArrayList<>();
		for (PromptOutcome outcome : Jsonl.read(this.outcomes.resolve(TinyOutcomesCommand.FILE), PromptOutcome.class)) {
			(Math.floorMod(outcome.id().hashCode(), 10) == 0 ? heldOut : train).add(outcome);
		}
		if (train.isEmpty()) {
			throw new IllegalArgumentException("no outcomes to train on in " + this.outcomes);
		}
		Torch.engine(this.threads);
		try (NDManager manager = Torch.newManager();
				TinyEncoder encoder = Files.isRegularFile(this.from.resolve(WEIGHTS))
						? TinyEncoder.load(tiny, this.from.resolve(WEIGHTS), manager)
						: TinyEncoder.of(tiny, TinyModel.weights(this.from), manager);
				Progress progress = Progress.bar("tlm-train", this.steps)) {
			Map<String, NDArray> decision = new LinkedHashMap<>();
			encoder.parameters().forEach((name, p) -> {
				if (name.startsWith("decision.")) {
					decision.put(name, p);
				}
			});
			loop(decision,
					(step, scope) -> decisionLoss(encoder,
							DecisionRows.batch(train, labeler, batchRandom(step), this.batchTokens), scope),
					(step) -> String.format(Locale.ROOT, "step %d: held-out %s", step,
							DecisionRows.report(encoder, heldOut.isEmpty() ? train : heldOut, labeler, manager)),
					manager, progress);
			save(encoder);
		}
	}

	/** Cross-entropy of the ratio and the level against the labels. */
	static NDArray decisionLoss(TinyEncoder encoder, DecisionRows.Batch batch, NDManager scope) {
		Shape shape = new Shape(batch.rows(), batch.length());
		TinyEncoder.Output out = encoder.forward(scope.create(batch.ids(), shape), scope.create(batch.valid(), shape),
				scope.create(batch.slo(), new Shape(batch.rows(), 2)));
		NDArray ratio = out.ratioLogits()
			.logSoftmax(1)
			.gather(scope.create(batch.ratios(), new Shape(batch.rows(), 1)), 1);
		NDArray level = out.levelLogits()
			.logSoftmax(1)
			.gather(scope.create(batch.levels(), new Shape(batch.rows(), 1)), 1);
		return ratio.add(level).mean().neg();
	}

	static TinyModelConfig loadConfig(Path file) throws IOException {
		return (file != null) ? Jsonl.JSON.readValue(file.toFile(), TinyModelConfig.class) : TinyModelConfig.PRESET;
	}

	/** Binary cross-entropy of the keep logits against the saliency ranks. */
	static NDArray keepLoss(TinyEncoder encoder, KeepRows.Batch batch, NDManager scope) {
		Shape shape = new Shape(batch.rows(), batch.length());
		TinyEncoder.Output out = encoder.forward(scope.create(batch.ids(), shape), scope.create(batch.valid(), shape),
				scope.create(batch.slo(), new Shape(batch.rows(), 2)));
		NDArray logits = out.keepLogits();
		NDArray targets = scope.create(batch.targets(), shape);
		NDArray weights = scope.create(batch.weights(), shape);
		// log(1 + exp(-|x|)) + max(x, 0) - x * t, stable for any logit
		NDArray perToken = logits.abs().neg().exp().add(1).log().add(logits.maximum(0)).sub(logits.mul(targets));
		return perToken.mul(weights).sum().div(weights.sum());
	}

	private static double keptSaliency(TinyEncoder encoder, List<KeepLabel> labels, NDManager manager) {
		double sum = 0;
		for (KeepLabel label : labels) {
			KeepRows.Batch batch = KeepRows.of(List.of(label), label.system().length + label.user().length,
					new SplittableRandom(0), encoder.config().sloBuckets());
			float[] scores;
			try (NDManager scope = manager.newSubManager()) {
				Shape shape = new Shape(1, batch.length());
				scores = encoder
					.forward(scope.create(batch.ids(), shape), scope.create(batch.valid(), shape),
							scope.create(batch.slo(), new Shape(1, 2)))
					.keepLogits()
					.toFloatArray();
			}
			sum += KeepRows.keptSaliency(label.saliency(), java.util.Arrays.copyOf(scores, label.system().length));
		}
		return sum / labels.size();
	}

}
