package ai.elms.lab.training;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.elms.engine.pack.LevelSpec;
import ai.elms.engine.pack.SafeTensors;
import ai.elms.lab.Progress;
import ai.elms.lab.model.Decoder;
import ai.elms.lab.model.LowRankAdapters;
import ai.elms.lab.model.Torch;

/**
 * The published recovery, for comparison: low-rank adapters of one level trained on that
 * level's loss with the base weights frozen. The engine serves no adapters, so this
 * writes the adapters and the validation figures, not a package; {@code recover}'s joint
 * training is what ships.
 */
final class LowRankRecovery {

	private LowRankRecovery() {
	}

	static void run(Path out, Decoder decoder, LevelSpec level, int rank, TrainingConfig config, TuneConfig stage,
			TaskRows rows, NDManager manager) throws IOException {
		Files.createDirectories(out);
		try (LowRankAdapters adapters = LowRankAdapters.initialize(decoder.architecture(), level, rank, 2f * rank,
				config.seed(), manager);
				AdamW optimizer = new AdamW(adapters.parameters(), 0f, manager);
				Progress progress = Progress.bar("recover (low-rank)", stage.steps())) {
			decoder.attach(adapters);
			adapters.parameters().values().forEach((p) -> p.setRequiresGradient(true));
			progress.println(String.format(Locale.ROOT, "level %.1f: %,d adapter parameters of rank %d", level.share(),
					adapters.parameterCount(), rank));
			LearningRate schedule = stage.schedule();
			for (long step = 1; step <= stage.steps(); step++) {
				TokenBatch batch = rows.batches().batch(step);
				float rate = schedule.at(step);
				float loss;
				try (NDManager scope = manager.newSubManager()) {
					NDArray lossArray;
					try (GradientCollector collector = Torch.engine(0).newGradientCollector()) {
						lossArray = Objective.loss(Objective.logits(decoder, level, batch, scope), batch);
						collector.backward(lossArray);
					}
					loss = lossArray.getFloat();
					optimizer.step(rate, (float) stage.clipNorm(), scope);
				}
				progress.step();
				progress.show(String.format(Locale.ROOT, "loss %.3f  lr %.1e", loss, rate));
				if (step % stage.evalEvery() == 0 || step == stage.steps()) {
					Map<String, Object> line = new LinkedHashMap<>();
					line.put("stage", "recover-low-rank");
					line.put("step", step);
					String prefix = String.format(Locale.ROOT, "level_%.1f/", level.share());
					Validation.answers(decoder, level, rows.validation(), manager)
						.forEach((name, value) -> line.put(prefix + name, value));
					String json = TrainingConfig.JSON.writeValueAsString(line);
					try (BufferedWriter log = Files.newBufferedWriter(out.resolve("log.jsonl"), StandardCharsets.UTF_8,
							StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
						log.write(json);
						log.write('\n');
					}
					progress.println(json);
				}
			}
			decoder.attach(null);
			SafeTensors.write(out.resolve("adapters.safetensors"),
					adapters.parameters()
						.entrySet()
						.stream()
						.map((p) -> new SafeTensors.Entry(p.getKey(), p.getValue().getShape().getShape(),
								() -> java.nio.FloatBuffer.wrap(p.getValue().toFloatArray())))
						.toList());
		}
	}

}
