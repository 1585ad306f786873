package ai.elms.lab.training;

import ai.djl.ndarray.NDArray;
import ai.elms.engine.pack.LevelSpec;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.elms.lab.model.Decoder;

/**
 * Mean cross-entropy of the batch's targets. Only the predicting positions go through the
 * output head: with the loss on answers only, that is a few tokens of each row.
 */
public final class Objective {

	private Objective() {
	}

	/** Logits at the batch's predicting positions, [targets, vocab]. */
	public static NDArray logits(Decoder decoder, TokenBatch batch, NDManager manager) {
		return logits(decoder, null, batch, manager);
	}

	/**
	 * Logits of a level at the batch's predicting positions, [targets, vocab].
	 * @param level the level, or null for the full model
	 */
	public static NDArray logits(Decoder decoder, LevelSpec level, TokenBatch batch, NDManager manager) {
		NDArray ids = manager.create(batch.ids(), new Shape(batch.rows(), batch.length()));
		NDArray hidden = decoder.hidden(ids, level).reshape(-1, decoder.architecture().hiddenSize());
		NDArray positions = manager.create(batch.positions());
		// an embedding lookup is a row gather with a gradient
		NDArray selected = positions.getNDArrayInternal()
			.embedding(positions, hidden, SparseFormat.DENSE)
			.singletonOrThrow();
		return decoder.logits(selected);
	}

	/** Mean negative log-likelihood of the targets under logits [targets, vocab]. */
	public static NDArray loss(NDArray logits, TokenBatch batch) {
		NDArray targets = logits.getManager().create(batch.targets(), new Shape(batch.targets().length, 1));
		return logits.logSoftmax(1).gather(targets, 1).mean().neg();
	}

}
