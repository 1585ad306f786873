package ai.elms.lab.elastic;

import ai.djl.ndarray.NDArray;
import ai.elms.engine.pack.Architecture;
import ai.elms.lab.model.Decoder;

/**
 * A new order of every layer's units: position {@code i} of the reordered layer holds
 * unit {@code groups[l][i]} (or {@code ffn[l][i]}) of the original.
 *
 * @param groups per layer, the KV groups in their new order
 * @param ffn per layer, the FFN neurons in their new order
 */
record UnitPermutation(int[][] groups, int[][] ffn) {

	/**
	 * Moves the rows of every unit to its new place, alike in all the tensors of the
	 * unit, so the decoder computes the same function.
	 */
	void apply(Decoder decoder) {
		Architecture arch = decoder.architecture();
		int d = arch.hiddenSize();
		for (int l = 0; l < arch.layers(); l++) {
			for (UnitRows rows : UnitRows.ofGroups(arch, l)) {
				permuteRows(decoder.parameters().get(rows.tensor()), this.groups[l], rows.rowsPerUnit() * d);
			}
			for (UnitRows rows : UnitRows.ofFfn(arch, l)) {
				permuteRows(decoder.parameters().get(rows.tensor()), this.ffn[l], rows.rowsPerUnit() * d);
			}
		}
	}

	private static void permuteRows(NDArray tensor, int[] order, int perUnit) {
		float[] values = tensor.toFloatArray();
		float[] moved = new float[values.length];
		for (int i = 0; i < order.length; i++) {
			System.arraycopy(values, order[i] * perUnit, moved, i * perUnit, perUnit);
		}
		tensor.set(moved);
	}

}
