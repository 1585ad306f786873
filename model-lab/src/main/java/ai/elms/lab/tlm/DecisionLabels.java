package ai.elms.lab.tlm;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import ai.elms.engine.profile.LatencyProfile;
import ai.elms.lab.tasks.Task;

/**
 * The decision head's self-induced labels: for a prompt and an SLO, one of the (prompt
 * ratio, model level) pairs whose predicted latency meets the SLO, by one of two
 * {@link Rule rules}. Latency is the package's measured profile relative to the full
 * model on the full prompt, so an SLO is a pair of fractions; a compressed prompt is read
 * and decoded after faster.
 */
final class DecisionLabels {

	/** How a label is chosen among the pairs that meet the SLO. */
	enum Rule {

		/**
		 * As published: the largest level that answers the prompt correctly, then the
		 * smallest ratio that does at that level; when none does, ratio 0.1 at the full
		 * level.
		 */
		PUBLISHED,

		/**
		 * The pair the elastic LLM answers most prompts of the prompt's task correctly at
		 * (over the outcomes it is induced from), ties to the larger level, then to the
		 * smaller ratio. Where the prompt matters more than the level (a small model with
		 * few-shot examples), this keeps more of the prompt than the published rule,
		 * which prefers any level over any prompt.
		 */
		EXPECTED;

	}

	/** An SLO as fractions of the full model's TTFT on the full prompt and its TPOT. */
	record Slo(double ttft, double tpot) {
	}

	/** A label: indices into the tiny model's ratios (largest first) and levels. */
	record Label(int ratio, int level) {
	}

	/**
	 * The SLO grid labels are induced on: TTFT 0.1 ... 1.0 by tenths, TPOT 0.3 ... 1.0.
	 */
	static final List<Slo> GRID;

	static {
		List<Slo> grid = new ArrayList<>();
		for (int t = 1; t <= 10; t++) {
			for (int u = 3; u <= 10; u++) {
				grid.add(new Slo(t / 10.0, u / 10.0));
			}
		}
		GRID = List.copyOf(grid);
	}

	private final LatencyProfile profile;

	/**
	 * Per task, the share of its outcomes correct at each (ratio, level); empty as
	 * published.
	 */
	private final Map<Task, double[][]> accuracy;

	private DecisionLabels(LatencyProfile profile, Map<Task, double[][]> accuracy) {
		this.profile = profile;
		this.accuracy = accuracy;
	}

	/** The published rule. */
	static DecisionLabels published(LatencyProfile profile) {
		return new DecisionLabels(profile, Map.of());
	}

	/**
	 * The {@link Rule#EXPECTED expected} rule, its accuracy per task counted on these
	 * outcomes (the training ones: held-out prompts are labelled by what the others did).
	 * A prompt of a task without outcomes is labelled as published.
	 */
	static DecisionLabels expected(LatencyProfile profile, List<PromptOutcome> outcomes) {
		Map<Task, double[][]> accuracy = new EnumMap<>(Task.class);
		Map<Task, Integer> counts = new EnumMap<>(Task.class);
		for (PromptOutcome outcome : outcomes) {
			boolean[][] correct = outcome.correct();
			double[][] table = accuracy.computeIfAbsent(outcome.task(),
					(task) -> new double[correct.length][correct[0].length]);
			for (int r = 0; r < correct.length; r++) {
				for (int l = 0; l < correct[r].length; l++) {
					table[r][l] += correct[r][l] ? 1 : 0;
				}
			}
			counts.merge(outcome.task(), 1, Integer::sum);
		}
		accuracy.forEach((task, table) -> {
			for (double[] row : table) {
				for (int l = 0; l < row.length; l++) {
					row[l] /= counts.get(task);
				}
			}
		});
		return new DecisionLabels(profile, accuracy);
	}

	static DecisionLabels of(Rule rule, LatencyProfile profile, List<PromptOutcome> outcomes) {
		return (rule == Rule.EXPECTED) ? expected(profile, outcomes) : published(profile);
	}

	boolean feasible(PromptOutcome outcome, int ratio, int level, Slo slo) {
		int full = this.profile.levels().size() - 1;
		double ttft = this.profile.predictTtftMs(level, outcome.promptTokens()[ratio])
				/ this.profile.predictTtftMs(full, outcome.promptTokens()[0]);
		double tpot = this.profile.predictTpotMs(level, outcome.promptTokens()[ratio])
				/ this.profile.predictTpotMs(full, outcome.promptTokens()[0]);
		return ttft <= slo.ttft() && tpot <= slo.tpot();
	}

	Label of(PromptOutcome outcome, Slo slo) {
		int ratios = outcome.correct().length;
		int levels = outcome.correct()[0].length;
		double[][] table = this.accuracy.get(outcome.task());
		Label best = null;
		double bestAccuracy = -1;
		for (int level = levels - 1; level >= 0; level--) {
			// ratios run largest first: the smallest is the last
			for (int ratio = ratios - 1; ratio >= 0; ratio--) {
				if (!feasible(outcome, ratio, level, slo)) {
					continue;
				}
				if (table == null) {
					if (outcome.correct()[ratio][level]) {
						return new Label(ratio, level);
					}
				}
				else if (table[ratio][level] > bestAccuracy) {
					best = new Label(ratio, level);
					bestAccuracy = table[ratio][level];
				}
			}
		}
		return (best != null) ? best : new Label(ratios - 1, levels - 1);
	}

}
