package ai.elms.lab.training;

/**
 * Token rows for one step, right-padded to one length, and the positions whose next token
 * is predicted.
 *
 * @param rows sequences in the batch
 * @param length tokens per row
 * @param ids token ids, row after row ({@code rows * length})
 * @param positions flat indices ({@code row * length + position}) of the predicting
 * positions
 * @param targets the token to predict at each of those positions
 * @param answers for each target, the answer it belongs to (validation groups them to
 * score exact matches); -1 for corpus text
 * @param tokens tokens that are not padding
 */
public record TokenBatch(int rows, int length, long[] ids, long[] positions, long[] targets, int[] answers,
		long tokens) {

}
