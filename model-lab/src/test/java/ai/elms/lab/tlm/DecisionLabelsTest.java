package ai.elms.lab.tlm;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import ai.elms.engine.ElasticLevel;
import ai.elms.engine.profile.DeviceIdentity;
import ai.elms.engine.profile.LatencyProfile;
import ai.elms.lab.tasks.Task;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DecisionLabelsTest {

	/**
	 * Three levels; TTFT proportional to the prompt length times (level + 1) / 3, TPOT to
	 * (level + 1) / 3: the published analytic model.
	 */
	static LatencyProfile analytic() {
		List<ElasticLevel> levels = new ArrayList<>();
		List<List<Double>> ttft = new ArrayList<>();
		List<Double> tpot = new ArrayList<>();
		for (int level = 0; level < 3; level++) {
			levels.add(new ElasticLevel(level, (level + 1) / 3.0, 100L * (level + 1)));
			double scale = (level + 1) / 3.0;
			ttft.add(List.of(100 * scale, 1000 * scale));
			tpot.add(10 * scale);
		}
		return new LatencyProfile(new DeviceIdentity("cpu", 2), "hash", 1, levels, List.of(100, 1000), ttft, tpot,
				Instant.EPOCH);
	}

	/** Ratios 1.0, 0.5, 0.25 of a 1000-token prompt. */
	static PromptOutcome outcome(boolean[][] correct) {
		return new PromptOutcome("i", Task.APP_SELECTION, new int[990], new int[10], new int[] { 1000, 500, 250 },
				correct);
	}

	@Test
	void theLargestLevelThatAnswersWithinTheSloThenItsSmallestRatio() {
		DecisionLabels labels = new DecisionLabels(analytic(), DecisionLabels.Order.LEVEL_FIRST);
		// correct: level 2 only at ratio 1.0; level 1 at ratios 0.5 and 0.25
		boolean[][] correct = { { false, false, true }, { false, true, false }, { false, true, false } };
		PromptOutcome outcome = outcome(correct);
		// a loose SLO: the full model on the full prompt fits
		assertThat(labels.of(outcome, new DecisionLabels.Slo(1.0, 1.0))).isEqualTo(new DecisionLabels.Label(0, 2));
		// TPOT 0.7 rules out level 2: level 1, at its smallest correct ratio 0.25
		assertThat(labels.of(outcome, new DecisionLabels.Slo(1.0, 0.7))).isEqualTo(new DecisionLabels.Label(2, 1));
		// TTFT 0.5 rules out the full model on the full prompt (1.0) but not level 1 at
		// 0.25
		assertThat(labels.of(outcome, new DecisionLabels.Slo(0.5, 1.0))).isEqualTo(new DecisionLabels.Label(2, 1));
		// TPOT 0.4: only level 0 fits, and it never answers: ratio 0.1-like fallback,
		// full level
		assertThat(labels.of(outcome, new DecisionLabels.Slo(1.0, 0.4))).isEqualTo(new DecisionLabels.Label(2, 2));
		assertThat(labels.feasible(outcome, 1, 2, new DecisionLabels.Slo(0.5, 1.0))).isTrue();
		assertThat(labels.feasible(outcome, 0, 2, new DecisionLabels.Slo(0.5, 1.0))).isFalse();
	}

	@Test
	void promptFirstTheLargestRatioThatAnswersWithinTheSloThenItsLargestLevel() {
		DecisionLabels labels = new DecisionLabels(analytic(), DecisionLabels.Order.PROMPT_FIRST);
		// correct: level 2 only at ratio 1.0; level 1 at ratios 0.5 and 0.25
		boolean[][] correct = { { false, false, true }, { false, true, false }, { false, true, false } };
		PromptOutcome outcome = outcome(correct);
		assertThat(labels.of(outcome, new DecisionLabels.Slo(1.0, 1.0))).isEqualTo(new DecisionLabels.Label(0, 2));
		// TPOT 0.7 rules out level 2; the whole prompt fits at level 1 but is answered
		// wrong there: ratio 0.5 at level 1, where level-first takes ratio 0.25
		assertThat(labels.of(outcome, new DecisionLabels.Slo(1.0, 0.7))).isEqualTo(new DecisionLabels.Label(1, 1));
		// TTFT 0.5: the whole prompt fits at level 0 only, answered wrong; half of it at
		// level 2 fits and is wrong too, at level 1 right
		assertThat(labels.of(outcome, new DecisionLabels.Slo(0.5, 1.0))).isEqualTo(new DecisionLabels.Label(1, 1));
		// nothing that fits answers: the largest ratio that fits, at its largest level
		assertThat(labels.of(outcome, new DecisionLabels.Slo(1.0, 0.4))).isEqualTo(new DecisionLabels.Label(0, 0));
		assertThat(labels.of(outcome, new DecisionLabels.Slo(0.1, 1.0))).isEqualTo(new DecisionLabels.Label(2, 0));
		// nothing fits: the published fallback, the smallest ratio at the full level
		assertThat(labels.of(outcome, new DecisionLabels.Slo(0.05, 1.0))).isEqualTo(new DecisionLabels.Label(2, 2));
	}

	@Test
	void anOrderIsNamedAsTheOptionWritesIt() {
		assertThat(DecisionLabels.Order.of("prompt-first")).isEqualTo(DecisionLabels.Order.PROMPT_FIRST);
		assertThat(DecisionLabels.Order.of("level-first")).isEqualTo(DecisionLabels.Order.LEVEL_FIRST);
		assertThatIllegalArgumentException().isThrownBy(() -> DecisionLabels.Order.of("ratio-first"))
			.withMessageContaining("--label-order");
	}

	@Test
	void theGridHasTheTenTtftAndEightTpotFractions() {
		assertThat(DecisionLabels.GRID).hasSize(80)
			.contains(new DecisionLabels.Slo(0.2, 0.5), new DecisionLabels.Slo(0.8, 0.9),
					new DecisionLabels.Slo(1.0, 1.0));
	}

}
