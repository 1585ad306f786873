package ai.elms.lab.tlm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.elms.engine.tlm.SloBuckets;

/**
 * The decision head's training rows, (prompt, SLO) pairs with their induced labels, and
 * the figures that tell a trained head from the strategies it replaces.
 */
final class DecisionRows {

	/** The publication's standalone SLO pairs, the held-out report's settings. */
	static final List<DecisionLabels.Slo> STANDALONE = List.of(new DecisionLabels.Slo(0.8, 0.9),
			new DecisionLabels.Slo(0.6, 0.8), new DecisionLabels.Slo(0.4, 0.7), new DecisionLabels.Slo(0.2, 0.6),
			new DecisionLabels.Slo(0.2, 0.5));

	private DecisionRows() {
	}

	/** One batch: prompts right-padded, SLO buckets, label indices. */
	record Batch(int rows, int length, long[] ids, float[] valid, long[] slo, long[] ratios, long[] levels) {
	}

	static Batch batch(List<PromptOutcome> outcomes, DecisionLabels labeler, SplittableRandom random, int batchTokens) {
		List<PromptOutcome> prompts = new ArrayList<>();
		List<DecisionLabels.Slo> slos = new ArrayList<>();
		int longest = 0;
		while (true) {
			PromptOutcome outcome = outcomes.get(random.nextInt(outcomes.size()));
			int length = outcome.system().length + outcome.user().length;
			int widest = Math.max(longest, length);
			if (!prompts.isEmpty() && (prompts.size() + 1) * widest > batchTokens) {
				break;
			}
			prompts.add(outcome);
			slos.add(DecisionLabels.GRID.get(random.nextInt(DecisionLabels.GRID.size())));
			longest = widest;
		}
		return of(prompts, slos, labeler, longest);
	}

	static Batch of(List<PromptOutcome> prompts, List<DecisionLabels.Slo> slos, DecisionLabels labeler, int length) {
		int rows = prompts.size();
		long[] ids = new long[rows * length];
		float[] valid = new float[ids.length];
		long[] slo = new long[2 * rows];
		long[] ratios = new long[rows];
		long[] levels = new long[rows];
		for (int r = 0; r < rows; r++) {
			int[] content = prompts.get(r).content();
			for (int t = 0; t < content.length; t++) {
				ids[r * length + t] = content[t];
				valid[r * length + t] = 1;
			}
			slo[2 * r] = SloBuckets.of(slos.get(r).ttft());
			slo[2 * r + 1] = SloBuckets.of(slos.get(r).tpot());
			DecisionLabels.Label label = labeler.of(prompts.get(r), slos.get(r));
			ratios[r] = label.ratio();
			levels[r] = label.level();
		}
		return new Batch(rows, length, ids, valid, slo, ratios, levels);
	}

	/**
	 * Over the standalone SLO pairs, the share of answers that are right with the SLO
	 * met: the head's picks; the labels' (the best any pick can do); the model-only
	 * strategy (the largest level that fits, on the full prompt).
	 */
	static String report(TinyEncoder encoder, List<PromptOutcome> outcomes, DecisionLabels labeler, NDManager manager) {
		int head = 0;
		int best = 0;
		int modelOnly = 0;
		int total = 0;
		for (PromptOutcome outcome : outcomes) {
			List<PromptOutcome> prompts = new ArrayList<>();
			for (int i = 0; i < STANDALONE.size(); i++) {
				prompts.add(outcome);
			}
			Batch batch = of(prompts, STANDALONE, labeler, outcome.system().length + outcome.user().length);
			float[] ratioLogits;
			float[] levelLogits;
			try (NDManager scope = manager.newSubManager()) {
				Shape shape = new Shape(batch.rows(), batch.length());
				TinyEncoder.Output out = encoder.forward(scope.create(batch.ids(), shape),
						scope.create(batch.valid(), shape), scope.create(batch.slo(), new Shape(batch.rows(), 2)));
				ratioLogits = out.ratioLogits()
					.argMax(1)
					.toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
					.toFloatArray();
				levelLogits = out.levelLogits()
					.argMax(1)
					.toType(ai.djl.ndarray.types.DataType.FLOAT32, false)
					.toFloatArray();
			}
			for (int i = 0; i < STANDALONE.size(); i++) {
				DecisionLabels.Slo slo = STANDALONE.get(i);
				head += met(outcome, labeler, (int) ratioLogits[i], (int) levelLogits[i], slo);
				DecisionLabels.Label label = labeler.of(outcome, slo);
				best += met(outcome, labeler, label.ratio(), label.level(), slo);
				int fits = -1;
				for (int level = outcome.correct()[0].length - 1; level >= 0 && fits < 0; level--) {
					if (labeler.feasible(outcome, 0, level, slo)) {
						fits = level;
					}
				}
				modelOnly += (fits >= 0) ? met(outcome, labeler, 0, fits, slo) : 0;
				total++;
			}
		}
		return String.format(Locale.ROOT,
				"right with the SLO met: tiny model %.3f, labels %.3f, model-only %.3f (%d prompts x %d SLOs)",
				head / (double) total, best / (double) total, modelOnly / (double) total, outcomes.size(),
				STANDALONE.size());
	}

	private static int met(PromptOutcome outcome, DecisionLabels labeler, int ratio, int level,
			DecisionLabels.Slo slo) {
		return (outcome.correct()[ratio][level] && labeler.feasible(outcome, ratio, level, slo)) ? 1 : 0;
	}

}
