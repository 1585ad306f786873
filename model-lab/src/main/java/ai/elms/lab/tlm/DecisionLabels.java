package ai.elms.lab.tlm;

import java.util.ArrayList;
import java.util.List;

import ai.elms.engine.profile.LatencyProfile;

/**
 * The decision head's self-induced labels, as published: for a prompt and an SLO, of the
 * (prompt ratio, model level) pairs whose predicted latency meets the SLO, the largest
 * level that answers correctly, then the smallest ratio that does at that level; when
 * none does, ratio 0.1 at the full level. Latency is the package's measured profile
 * relative to the full model on the full prompt, so an SLO is a pair of fractions; a
 * compressed prompt is read and decoded after faster.
 */
final class DecisionLabels {

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

	DecisionLabels(LatencyProfile profile) {
		this.profile = profile;
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

}
