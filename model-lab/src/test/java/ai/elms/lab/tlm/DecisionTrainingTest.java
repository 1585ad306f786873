package ai.elms.lab.tlm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDManager;
import ai.elms.engine.TinyModel;
import ai.elms.engine.TinyPrediction;
import ai.elms.engine.tlm.SloBuckets;
import ai.elms.engine.tlm.TinyModelConfig;
import ai.elms.lab.ModelLab;
import ai.elms.lab.data.Jsonl;
import ai.elms.lab.model.Torch;
import ai.elms.lab.tasks.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The decision stage learns the labels' mapping from SLO to (ratio, level), and the
 * engine runs what it learned: with every combination correct, the label is the largest
 * level that fits the SLO at the smallest ratio that fits.
 */
class DecisionTrainingTest {

	static final TinyModelConfig CONFIG = new TinyModelConfig(16, 2, 1, 1, 32, 300, 64, SloBuckets.COUNT,
			List.of(1.0, 0.5, 0.25), 3, 1e-5);

	@TempDir
	Path dir;

	@Test
	void learnsTheLabelsOfTheSloGrid() throws Exception {
		Path keep = this.dir.resolve("keep");
		try (NDManager manager = Torch.newManager(); TinyEncoder encoder = TinyEncoder.initialize(CONFIG, 1, manager)) {
			TinyModel.write(keep, CONFIG, encoder.weights());
			encoder.write(keep.resolve(TinyTrainCommand.WEIGHTS));
		}
		List<PromptOutcome> outcomes = allCorrect();
		Path out = this.dir.resolve("tlm");
		assertThat(trainDecision(outcomes, keep, out, 200)).isZero();
		DecisionLabels labels = new DecisionLabels(DecisionLabelsTest.analytic(), DecisionLabels.Order.LEVEL_FIRST);
		int agree = 0;
		int total = 0;
		try (TinyModel model = TinyModel.open(out, 1)) {
			for (DecisionLabels.Slo slo : DecisionLabels.GRID) {
				PromptOutcome outcome = outcomes.get(total % outcomes.size());
				TinyPrediction prediction = model.predict(outcome.content(), SloBuckets.of(slo.ttft()),
						SloBuckets.of(slo.tpot()));
				DecisionLabels.Label label = labels.of(outcome, slo);
				agree += (prediction.ratioClass() == label.ratio() && prediction.levelClass() == label.level()) ? 1 : 0;
				total++;
			}
		}
		assertThat(agree / (double) total).isGreaterThan(0.9);
	}

	@Test
	void trainsTheDecisionHeadOfAShippedTinyModelAndKeepsItsScoreHead() throws Exception {
		// a package's tiny model: its graph and config, no training weights
		Path shipped = this.dir.resolve("package");
		TinyModel.write(shipped, CONFIG, CONFIG.randomWeights(2));
		List<PromptOutcome> outcomes = allCorrect();
		Path out = this.dir.resolve("tlm");
		assertThat(trainDecision(outcomes, shipped, out, 20)).isZero();
		try (TinyModel before = TinyModel.open(shipped, 1); TinyModel after = TinyModel.open(out, 1)) {
			for (PromptOutcome outcome : outcomes.subList(0, 3)) {
				TinyPrediction was = before.predict(outcome.content(), 3, 5);
				TinyPrediction is = after.predict(outcome.content(), 3, 5);
				assertThat(is.keepLogits()).containsExactly(was.keepLogits(), within(1e-5f));
				assertThat(is.levelLogits()).isNotEqualTo(was.levelLogits());
			}
		}
	}

	private static List<PromptOutcome> allCorrect() {
		SplittableRandom random = new SplittableRandom(3);
		List<PromptOutcome> outcomes = new ArrayList<>();
		boolean[][] allCorrect = { { true, true, true }, { true, true, true }, { true, true, true } };
		for (int i = 0; i < 40; i++) {
			int[] system = random.ints(20, 0, 300).toArray();
			int[] user = random.ints(4, 0, 300).toArray();
			outcomes.add(new PromptOutcome("o" + i, Task.FUNCTION_CALL, system, user, new int[] { 1000, 500, 250 },
					allCorrect));
		}
		return outcomes;
	}

	private int trainDecision(List<PromptOutcome> outcomes, Path from, Path out, int steps) throws Exception {
		Path outcomeDir = Files.createDirectories(this.dir.resolve("outcomes"));
		Jsonl.write(outcomeDir.resolve(TinyOutcomesCommand.FILE), outcomes);
		Jsonl.JSON.writeValue(outcomeDir.resolve(TinyOutcomesCommand.PROFILE).toFile(), DecisionLabelsTest.analytic());
		return ModelLab.commandLine()
			.execute("tlm-train", "--stage", "decision", "--outcomes", outcomeDir.toString(), "--from", from.toString(),
					"--out", out.toString(), "--steps", String.valueOf(steps), "--batch-tokens", "512",
					"--learning-rate", "1e-2", "--threads", "1");
	}

}
