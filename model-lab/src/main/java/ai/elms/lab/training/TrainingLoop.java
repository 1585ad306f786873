package ai.elms.lab.training;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.elms.engine.pack.SafeTensors;
import ai.elms.lab.Progress;
import ai.elms.lab.model.Decoder;
import ai.elms.lab.model.Torch;

/**
 * The loop both stages share: a batch, forward and backward, clipping, AdamW at the
 * scheduled rate; validation and a checkpoint every so many steps and at the end. Each
 * validation appends a line to {@code RUN/log.jsonl}.
 */
final class TrainingLoop {

	private final Path run;

	private final String stage;

	private final TrainingConfig config;

	private final Stage settings;

	private final BatchSource batches;

	private final Function<Decoder, Map<String, Object>> validation;

	private final Progress progress;

	private final StepLoss loss;

	/**
	 * The loss a step minimizes; it must be a pure function of the step, for resuming.
	 */
	@FunctionalInterface
	interface StepLoss {

		/** The full model's mean answer loss. */
		StepLoss FULL = (decoder, batch, step, scope) -> Objective.loss(Objective.logits(decoder, batch, scope), batch);

		NDArray of(Decoder decoder, TokenBatch batch, long step, NDManager scope);

	}

	TrainingLoop(Path run, String stage, TrainingConfig config, Stage settings, BatchSource batches,
			Function<Decoder, Map<String, Object>> validation, Progress progress) {
		this(run, stage, config, settings, batches, StepLoss.FULL, validation, progress);
	}

	TrainingLoop(Path run, String stage, TrainingConfig config, Stage settings, BatchSource batches, StepLoss loss,
			Function<Decoder, Map<String, Object>> validation, Progress progress) {
		this.loss = loss;
		this.run = run;
		this.stage = stage;
		this.config = config;
		this.settings = settings;
		this.batches = batches;
		this.validation = validation;
		this.progress = progress;
	}

	/**
	 * What a run of steps did. Tokens per CPU-second tell the cost of a step apart from
	 * other processes on a shared machine: times the cores, they bound the tokens per
	 * second of a machine to itself.
	 */
	record Outcome(long lastStep, double meanLoss, double tokensPerSecond, double tokensPerCpuSecond) {
	}

	/**
	 * Trains from the step after the checkpoint (with {@code resume}) or from the first,
	 * up to {@code untilStep} (at most the stage's steps).
	 */
	Outcome run(Decoder decoder, NDManager manager, boolean resume, long untilStep) throws IOException {
		Files.createDirectories(this.run);
		Torch.allocatorAdvice().ifPresent(System.out::println);
		Checkpoint checkpoint = Checkpoint.of(this.run);
		decoder.setTrainable(true);
		// validation runs outside the gradient collector, where PyTorch records no graph
		try (AdamW optimizer = new AdamW(decoder.parameters(), (float) this.settings.weightDecay(), manager)) {
			long first = 1;
			if (resume) {
				Checkpoint.State state = checkpoint.state();
				if (!state.stage().equals(this.stage) || !state.config().sameUpTo(this.stage, this.config)) {
					throw new IllegalArgumentException(
							"the checkpoint in " + this.run + " is of another stage or config; cannot resume");
				}
				optimizer.restore(SafeTensors.map(checkpoint.optimizer()), state.step());
				first = state.step() + 1;
			}
			LearningRate schedule = this.settings.schedule();
			long last = Math.min(untilStep, this.settings.steps());
			double lossSum = 0;
			long tokens = 0;
			long nanos = 0;
			long cpuStart = cpuNanos();
			this.progress.stepBy(first - 1);
			for (long step = first; step <= last; step++) {
				TokenBatch batch = this.batches.batch(step);
				long start = System.nanoTime();
				float loss;
				float norm;
				float rate = schedule.at(step);
				try (NDManager scope = manager.newSubManager()) {
					NDArray lossArray;
					try (GradientCollector collector = Torch.engine(0).newGradientCollector()) {
						lossArray = this.loss.of(decoder, batch, step, scope);
						collector.backward(lossArray);
					}
					loss = lossArray.getFloat();
					norm = optimizer.step(rate, (float) this.settings.clipNorm(), scope);
				}
				nanos += System.nanoTime() - start;
				tokens += batch.tokens();
				lossSum += loss;
				double perSecond = tokens / (nanos / 1e9);
				this.progress.step();
				this.progress.show(String.format(Locale.ROOT, "loss %.3f  lr %.1e  |g| %.2f  %.0f tok/s", loss, rate,
						norm, perSecond));
				boolean end = step == last;
				if (step % this.settings.evalEvery() == 0 || end) {
					Map<String, Object> line = new LinkedHashMap<>();
					line.put("stage", this.stage);
					line.put("step", step);
					line.put("train_loss", lossSum / (step - first + 1));
					line.put("learning_rate", rate);
					line.put("tokens_per_second", Math.round(perSecond));
					line.put("skipped_steps", optimizer.skipped());
					line.putAll(this.validation.apply(decoder));
					log(line);
				}
				if (step % this.settings.checkpointEvery() == 0 || end) {
					checkpoint.save(new Checkpoint.State(this.stage, step, this.config), decoder, optimizer);
				}
			}
			long done = Math.max(0, last - first + 1);
			long cpu = cpuNanos() - cpuStart;
			return new Outcome(last, (done == 0) ? Double.NaN : lossSum / done,
					(nanos == 0) ? 0 : tokens / (nanos / 1e9), (cpu <= 0) ? 0 : tokens / (cpu / 1e9));
		}
		finally {
			decoder.setTrainable(false);
		}
	}

	static String summary(String stage, Outcome outcome) {
		return String.format(Locale.ROOT,
				"%s stopped after step %d: mean loss %.3f, %.0f tokens/s, %.0f tokens per CPU-second", stage,
				outcome.lastStep(), outcome.meanLoss(), outcome.tokensPerSecond(), outcome.tokensPerCpuSecond());
	}

	/** CPU time of the whole process, the native PyTorch threads included. */
	private static long cpuNanos() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			return os.getProcessCpuTime();
		}
		return 0;
	}

	private void log(Map<String, Object> line) throws IOException {
		String json = TrainingConfig.JSON.writeValueAsString(line);
		try (BufferedWriter out = Files.newBufferedWriter(this.run.resolve("log.jsonl"), StandardCharsets.UTF_8,
				StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
			out.write(json);
			out.write('\n');
		}
		this.progress.println(json);
	}

}
