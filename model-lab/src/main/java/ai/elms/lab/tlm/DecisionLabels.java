package ai.elms.lab.tlm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ai.elms.engine.profile.LatencyProfile;

/**
 * The decision head's self-induced labels: for a prompt and an SLO, of the (prompt ratio,
 * model level) pairs whose predicted latency meets the SLO, the first that answers
 * correctly in the labels' {@link Order}. Latency is the package's measured profile
 * relative to the full model on the full prompt, so an SLO is a pair of fractions; a
 * compressed prompt is read and decoded after faster.
 */
final class DecisionLabels {

	/** Which pairs a label prefers. */
	enum Order {

		/**
		 * As published: the largest level that answers correctly, then the smallest ratio
		 * that does at that level; when none does, ratio 0.1 at the full level.
		 */
		LEVEL_FIRST,

		/**
		 * For a model whose answers depend more on the prompt than on the level: the
		 * largest ratio that answers correctly, then the largest level that does at that
		 * ratio; when none does, the largest ratio that fits at any level, at the largest
		 * level that fits it (what a right answer would have been labelled, had there
		 * been one), or ratio 0.1 at the full level when nothing fits.
		 */
		PROMPT_FIRST;

		/** The option's value, e.g. {@code prompt-first}. */
		static Order of(String value) {
			for (Order order : values()) {
				if (order.name().toLowerCase(Locale.ROOT).replace('_', '-').equals(value)) {
					return order;
				}
			}
			throw new IllegalArgumentException(
					"--label-order must be level-first or prompt-first, not '" + value + "'");
		}

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

	private final Order order;

	DecisionLabels(LatencyProfile profile, Order order) {
		this.profile = profile;
		this.order = order;
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
		if (this.order == Order.PROMPT_FIRST) {
			return promptFirst(outcome, slo, ratios, levels);
		}
		for (int level = levels - 1; level >= 0; level--) {
			// ratios run largest first: the smallest correct one is the last
			for (int ratio = ratios - 1; ratio >= 0; ratio--) {
				if (outcome.correct()[ratio][level] && feasible(outcome, ratio, level, slo)) {
					return new Label(ratio, level);
				}
			}
		}
		return new Label(ratios - 1, levels - 1);
	}

	private Label promptFirst(PromptOutcome outcome, Slo slo, int ratios, int levels) {
		Label fitting = null;
		// ratios run largest first
		for (int ratio = 0; ratio < ratios; ratio++) {
			for (int level = levels - 1; level >= 0; level--) {
				if (feasible(outcome, ratio, level, slo)) {
					if (outcome.correct()[ratio][level]) {
						return new Label(ratio, level);
					}
					if (fitting == null) {
						fitting = new Label(ratio, level);
					}
				}
			}
		}
		return (fitting != null) ? fitting : new Label(ratios - 1, levels - 1);
	}

}
