package ai.elms.lab.tlm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import ai.elms.engine.TinyModel;
import ai.elms.engine.TinyPrediction;
import ai.elms.lab.ModelLab;
import ai.elms.lab.data.Jsonl;
import ai.elms.lab.tasks.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * From keep labels to a model the engine runs: on labels where the salient system tokens
 * are the small token ids, the trained score head, run by the engine, keeps them.
 */
class TinyTrainCommandTest {

	@TempDir
	Path dir;

	@Test
	void learnsWhichSystemTokensMatterAndExportsForTheEngine() throws Exception {
		SplittableRandom random = new SplittableRandom(1);
		List<KeepLabel> labels = new ArrayList<>();
		for (int i = 0; i < 200; i++) {
			labels.add(label("item-" + i, random));
		}
		Path labelDir = Files.createDirectories(this.dir.resolve("labels"));
		Jsonl.write(labelDir.resolve(TinyLabelsCommand.FILE), labels);
		Path config = this.dir.resolve("tiny.json");
		Files.writeString(config, """
				{"hidden_size": 16, "heads": 2, "shared_layers": 1, "branch_layers": 1, "ffn_size": 32,
				 "vocab_size": 300, "max_length": 64, "slo_buckets": 3, "ratios": [1.0, 0.5], "levels": 3,
				 "rms_norm_eps": 1e-5}
				""");
		Path out = this.dir.resolve("tlm");
		int code = ModelLab.commandLine()
			.execute("tlm-train", "--labels", labelDir.toString(), "--out", out.toString(), "--config",
					config.toString(), "--steps", "150", "--batch-tokens", "1024", "--learning-rate", "1e-2",
					"--threads", "1");
		assertThat(code).isZero();
		double kept = 0;
		int count = 20;
		try (TinyModel model = TinyModel.open(out, 1)) {
			for (int i = 0; i < count; i++) {
				KeepLabel label = label("check-" + i, random);
				int[] content = new int[label.system().length + label.user().length];
				System.arraycopy(label.system(), 0, content, 0, label.system().length);
				System.arraycopy(label.user(), 0, content, label.system().length, label.user().length);
				TinyPrediction prediction = model.predict(content, i % 3, 2 - i % 3);
				kept += KeepRows.keptSaliency(label.saliency(),
						java.util.Arrays.copyOf(prediction.keepLogits(), label.system().length));
			}
		}
		// a random ranking keeps about half of what the best one keeps
		assertThat(kept / count).isGreaterThan(0.9);
	}

	/** Random tokens; a system token is salient when its id is below 100. */
	private static KeepLabel label(String id, SplittableRandom random) {
		int[] system = new int[20 + random.nextInt(30)];
		float[] saliency = new float[system.length];
		for (int t = 0; t < system.length; t++) {
			system[t] = random.nextInt(300);
			saliency[t] = (system[t] < 100) ? 1f + random.nextFloat() : 0.1f * random.nextFloat();
		}
		int[] user = new int[3 + random.nextInt(5)];
		for (int t = 0; t < user.length; t++) {
			user[t] = random.nextInt(300);
		}
		return new KeepLabel(id, Task.APP_SELECTION, system, user, saliency);
	}

}
