package ai.elms.lab.training;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.elms.engine.pack.LevelSpec;
import ai.elms.lab.model.Decoder;
import ai.elms.lab.tasks.Task;

/**
 * Validation figures. On task items: the mean loss of the answer tokens and the exact
 * match, the share of answers whose every token (and the end token) is the most likely
 * one given the gold prefix: exactly the answers greedy decoding would generate.
 */
final class Validation {

	private Validation() {
	}

	/** Mean loss of held-out corpus windows. */
	static Map<String, Object> heldOut(Decoder decoder, CorpusWindows corpus, int batches, NDManager manager) {
		double sum = 0;
		for (int i = 0; i < batches; i++) {
			TokenBatch batch = corpus.heldOut(i);
			try (NDManager scope = manager.newSubManager()) {
				sum += Objective.loss(Objective.logits(decoder, batch, scope), batch).getFloat();
			}
		}
		return Map.of("held_out_loss", sum / batches);
	}

	/**
	 * Answer loss and exact match per task and over all tasks.
	 * @param level the level to validate, or null for the full model
	 */
	static Map<String, Object> answers(Decoder decoder, LevelSpec level, Map<Task, List<TokenBatch>> batches,
			NDManager manager) {
		Map<String, Object> figures = new LinkedHashMap<>();
		double lossAll = 0;
		long targetsAll = 0;
		long exactAll = 0;
		long answersAll = 0;
		for (Map.Entry<Task, List<TokenBatch>> task : batches.entrySet()) {
			double loss = 0;
			long targets = 0;
			long exact = 0;
			long answers = 0;
			for (TokenBatch batch : task.getValue()) {
				Score score = score(decoder, level, batch, manager);
				loss += score.lossSum();
				targets += batch.targets().length;
				exact += score.exact();
				answers += score.answers();
			}
			figures.put(task.getKey().id() + "/loss", loss / Math.max(1, targets));
			figures.put(task.getKey().id() + "/exact_match", exact / (double) Math.max(1, answers));
			lossAll += loss;
			targetsAll += targets;
			exactAll += exact;
			answersAll += answers;
		}
		figures.put("answer_loss", lossAll / Math.max(1, targetsAll));
		figures.put("exact_match", exactAll / (double) Math.max(1, answersAll));
		return figures;
	}

	record Score(double lossSum, long exact, long answers) {
	}

	static Score score(Decoder decoder, LevelSpec level, TokenBatch batch, NDManager manager) {
		float[] logProbabilities;
		long[] predicted;
		try (NDManager scope = manager.newSubManager()) {
			NDArray logits = Objective.logits(decoder, level, batch, scope);
			NDArray targets = scope.create(batch.targets(), new Shape(batch.targets().length, 1));
			logProbabilities = logits.logSoftmax(1).gather(targets, 1).toFloatArray();
			predicted = logits.argMax(1).toLongArray();
		}
		double lossSum = 0;
		Map<Integer, Boolean> correct = new LinkedHashMap<>();
		for (int i = 0; i < predicted.length; i++) {
			lossSum -= logProbabilities[i];
			boolean right = predicted[i] == batch.targets()[i];
			correct.merge(batch.answers()[i], right, Boolean::logicalAnd);
		}
		long exact = correct.values().stream().filter(Boolean::booleanValue).count();
		return new Score(lossSum, exact, correct.size());
	}

}
