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
		return outcome(Task.APP_SELECTION, correct);
	}

	static PromptOutcome outcome(Task task, boolean[][] correct) {
		return new PromptOutcome("i", task, new int[990], new int[10], new int[] { 1000, 500, 250 }, correct);
	}

	@Test
	void theExpectedRuleTakesThePairMostPromptsOfTheTaskAreRightAtWithinTheSlo() {
		// app selection: two prompts right on the whole prompt at levels 1 and 2, one
		// only on
		// a quarter of it at level 2; function calls: everything right, a tie
		boolean[][] whole = { { false, true, true }, { false, false, false }, { false, false, false } };
		boolean[][] quarterAtLevel2 = { { false, false, false }, { false, false, false }, { false, false, true } };
		boolean[][] all = { { true, true, true }, { true, true, true }, { true, true, true } };
		DecisionLabels labels = DecisionLabels.expected(analytic(),
				List.of(outcome(whole), outcome(whole), outcome(quarterAtLevel2), outcome(Task.FUNCTION_CALL, all)));
		// the published rule: a quarter of the prompt at the full level, for the prompt
		// right there
		DecisionLabels.Slo loose = new DecisionLabels.Slo(1.0, 1.0);
		assertThat(DecisionLabels.published(analytic()).of(outcome(quarterAtLevel2), loose))
			.isEqualTo(new DecisionLabels.Label(2, 2));
		// expected: the whole prompt at the full level (2 of 3 right), whatever the
		// prompt
		// itself does
		assertThat(labels.of(outcome(quarterAtLevel2), loose)).isEqualTo(new DecisionLabels.Label(0, 2));
		// TTFT 0.7 rules out the whole prompt at the full level (1.0) but not at level 1
		// (2/3), where 2 of 3 are right, against 1 of 3 for a quarter at the full level
		assertThat(labels.of(outcome(quarterAtLevel2), new DecisionLabels.Slo(0.7, 1.0)))
			.isEqualTo(new DecisionLabels.Label(0, 1));
		// a tie: the larger level, then the smaller ratio
		assertThat(labels.of(outcome(Task.FUNCTION_CALL, all), new DecisionLabels.Slo(0.7, 1.0)))
			.isEqualTo(new DecisionLabels.Label(2, 2));
		// a task without outcomes: as published
		assertThat(labels.of(outcome(Task.WORDNET_HYPERNYM, quarterAtLevel2), loose))
			.isEqualTo(new DecisionLabels.Label(2, 2));
	}

	@Test
	void theLargestLevelThatAnswersWithinTheSloThenItsSmallestRatio() {
		DecisionLabels labels = DecisionLabels.published(analytic());
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
	void theGridHasTheTenTtftAndEightTpotFractions() {
		assertThat(DecisionLabels.GRID).hasSize(80)
			.contains(new DecisionLabels.Slo(0.2, 0.5), new DecisionLabels.Slo(0.8, 0.9),
					new DecisionLabels.Slo(1.0, 1.0));
	}

}
