package ai.elms.lab.training;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.elms.engine.pack.Architecture;
import ai.elms.engine.pack.LevelSchedule;
import ai.elms.engine.pack.LevelSpec;
import ai.elms.lab.Progress;
import ai.djl.training.GradientCollector;
import ai.elms.lab.model.Decoder;
import ai.elms.lab.model.LowRankAdapters;
import ai.elms.lab.model.Torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class TrainingLoopTest {

	static final Architecture ARCH = new Architecture(32, 2, 4, 2, 8, 64, 300, 64, 10000.0, 1e-5, true);

	static final PretrainConfig STAGE = new PretrainConfig(6, 96, 24, 1e-2, 1e-3, 2, 0.1, 1.0, 3, 1, 3,
			Map.of("any", 1.0));

	static final TrainingConfig CONFIG = new TrainingConfig("test", 5, ARCH, STAGE, null, null);

	@TempDir
	Path dir;

	/** Four rows of random tokens, a new batch every step. */
	static final BatchSource BATCHES = (step) -> {
		SplittableRandom random = new SplittableRandom(step);
		int rows = 4;
		int length = 24;
		long[] ids = new long[rows * length];
		long[] positions = new long[rows * (length - 1)];
		long[] targets = new long[positions.length];
		int[] answers = new int[positions.length];
		for (int i = 0; i < ids.length; i++) {
			ids[i] = random.nextInt(ARCH.vocabSize());
		}
		int n = 0;
		for (int r = 0; r < rows; r++) {
			for (int t = 0; t < length - 1; t++) {
				positions[n] = (long) r * length + t;
				targets[n] = ids[r * length + t + 1];
				answers[n++] = -1;
			}
		}
		return new TokenBatch(rows, length, ids, positions, targets, answers, ids.length);
	};

	@Test
	void aFewStepsReduceTheLossOnATinyBatch() throws Exception {
		TokenBatch batch = BATCHES.batch(1);
		try (NDManager manager = Torch.newManager(); Decoder decoder = Decoder.initialize(ARCH, 1, manager)) {
			float before = loss(decoder, batch, manager);
			int arrays = manager.getManagedArrays().size();
			TrainingLoop loop = new TrainingLoop(this.dir, "pretrain", CONFIG, STAGE.withSteps(12), (step) -> batch,
					(model) -> Map.of(), Progress.none());
			loop.run(decoder, manager, false, Long.MAX_VALUE);
			float after = loss(decoder, batch, manager);
			assertThat(after).isLessThan(before - 0.5f);
			assertThat(manager.getManagedArrays()).as("arrays left behind by the steps").hasSize(arrays);
		}
	}

	@Test
	void aResumedRunContinuesExactlyAsAnUninterruptedOne() throws Exception {
		Path straight = this.dir.resolve("straight");
		Path interrupted = this.dir.resolve("interrupted");
		try (NDManager manager = Torch.newManager()) {
			float[] expected;
			try (Decoder decoder = Decoder.initialize(ARCH, 1, manager)) {
				loop(straight).run(decoder, manager, false, Long.MAX_VALUE);
				expected = flatten(decoder);
			}
			try (Decoder decoder = Decoder.initialize(ARCH, 1, manager)) {
				loop(interrupted).run(decoder, manager, false, 4);
			}
			assertThat(Checkpoint.of(interrupted).state().step()).isEqualTo(4);
			try (Decoder decoder = Decoder.load(ARCH, Checkpoint.of(interrupted).weights(), manager)) {
				TrainingLoop.Outcome outcome = loop(interrupted).run(decoder, manager, true, Long.MAX_VALUE);
				assertThat(outcome.lastStep()).isEqualTo(STAGE.steps());
				assertThat(flatten(decoder)).containsExactly(expected);
			}
			assertThat(Checkpoint.of(interrupted).state().step()).isEqualTo(STAGE.steps());
			assertThat(straight.resolve("log.jsonl")).content().contains("\"held_out_loss\"");
		}
	}

	@Test
	void recoveryTrainsTheSmallLevelsWithTheFullModel() throws Exception {
		TokenBatch batch = BATCHES.batch(1);
		List<LevelSpec> levels = LevelSchedule.uniform(ARCH, List.of(), LevelSchedule.SHARES);
		try (NDManager manager = Torch.newManager(); Decoder decoder = Decoder.initialize(ARCH, 1, manager)) {
			float smallBefore = loss(decoder, levels.get(0), batch, manager);
			float fullBefore = loss(decoder, null, batch, manager);
			TrainingLoop loop = new TrainingLoop(this.dir, "recover", CONFIG, STAGE.withSteps(12), (step) -> batch,
					RecoverCommand.sandwich(levels, 5), (model) -> Map.of(), Progress.none());
			loop.run(decoder, manager, false, Long.MAX_VALUE);
			assertThat(loss(decoder, levels.get(0), batch, manager)).isLessThan(smallBefore - 0.5f);
			assertThat(loss(decoder, null, batch, manager)).isLessThan(fullBefore - 0.5f);
		}
	}

	@Test
	void aCheckpointResumesUnderLaterStagesOtherSettingsButNotItsOwn() throws Exception {
		TrainingConfig preset = TrainingConfig.load("tiny");
		TrainingConfig otherRecovery = preset.withRecover(preset.recover().withSteps(99));
		assertThat(preset.sameUpTo("pretrain", otherRecovery)).isTrue();
		assertThat(preset.sameUpTo("tune", otherRecovery)).isTrue();
		assertThat(preset.sameUpTo("recover", otherRecovery)).isFalse();
		TrainingConfig otherTuning = preset.withTune(preset.tune().withSteps(99));
		assertThat(preset.sameUpTo("pretrain", otherTuning)).isTrue();
		assertThat(preset.sameUpTo("tune", otherTuning)).isFalse();
		assertThat(preset.sameUpTo("pretrain", preset.withPretrain(preset.pretrain().withSteps(99)))).isFalse();
	}

	@Test
	void lowRankAdaptersStartAsTheCutLevelAndLearnWithTheBaseFrozen() {
		// a pattern a low-rank change can learn: every target is one token
		TokenBatch random = BATCHES.batch(1);
		long[] targets = new long[random.targets().length];
		java.util.Arrays.fill(targets, 7);
		TokenBatch batch = new TokenBatch(random.rows(), random.length(), random.ids(), random.positions(), targets,
				random.answers(), random.tokens());
		LevelSpec level = LevelSchedule.uniform(ARCH, List.of(), LevelSchedule.SHARES).get(0);
		try (NDManager manager = Torch.newManager(); Decoder decoder = Decoder.initialize(ARCH, 1, manager)) {
			float[] base = flatten(decoder);
			float before = loss(decoder, level, batch, manager);
			try (LowRankAdapters adapters = LowRankAdapters.initialize(ARCH, level, 4, 8, 3, manager);
					AdamW optimizer = new AdamW(adapters.parameters(), 0f, manager)) {
				decoder.attach(adapters);
				assertThat(loss(decoder, level, batch, manager)).isEqualTo(before);
				adapters.parameters().values().forEach((p) -> p.setRequiresGradient(true));
				for (int step = 0; step < 12; step++) {
					try (NDManager scope = manager.newSubManager()) {
						try (GradientCollector collector = Torch.engine(0).newGradientCollector()) {
							collector.backward(Objective.loss(Objective.logits(decoder, level, batch, scope), batch));
						}
						optimizer.step(1e-2f, 1f, scope);
					}
				}
				assertThat(loss(decoder, level, batch, manager)).isLessThan(before - 0.5f);
				decoder.attach(null);
			}
			assertThat(flatten(decoder)).containsExactly(base);
			assertThat(loss(decoder, level, batch, manager)).isEqualTo(before);
		}
	}

	@Test
	void aStepWithANonFiniteGradientIsSkipped() {
		try (NDManager manager = Torch.newManager(); Decoder decoder = Decoder.initialize(ARCH, 1, manager)) {
			float[] before = flatten(decoder);
			decoder.setTrainable(true);
			try (AdamW optimizer = new AdamW(decoder.parameters(), 0.1f, manager);
					NDManager scope = manager.newSubManager()) {
				try (GradientCollector collector = Torch.engine(0).newGradientCollector()) {
					NDArray loss = Objective.loss(Objective.logits(decoder, BATCHES.batch(1), scope), BATCHES.batch(1));
					collector.backward(loss.mul(Float.POSITIVE_INFINITY));
				}
				assertThat(optimizer.step(1e-2f, 1f, scope)).isNaN();
				assertThat(optimizer.skipped()).isEqualTo(1);
			}
			finally {
				decoder.setTrainable(false);
			}
			assertThat(flatten(decoder)).containsExactly(before);
		}
	}

	private TrainingLoop loop(Path run) {
		return new TrainingLoop(run, "pretrain", CONFIG, STAGE, BATCHES, (model) -> Map.of("held_out_loss", 0.0),
				Progress.none());
	}

	private static float loss(Decoder decoder, TokenBatch batch, NDManager manager) {
		return loss(decoder, null, batch, manager);
	}

	private static float loss(Decoder decoder, LevelSpec level, TokenBatch batch, NDManager manager) {
		try (NDManager scope = manager.newSubManager()) {
			return Objective.loss(Objective.logits(decoder, level, batch, scope), batch).getFloat();
		}
	}

	private static float[] flatten(Decoder decoder) {
		return decoder.parameters().values().stream().map((p) -> p.toFloatArray()).reduce(new float[0], (a, b) -> {
			float[] joined = java.util.Arrays.copyOf(a, a.length + b.length);
			System.arraycopy(b, 0, joined, a.length, b.length);
			return joined;
		});
	}

}
