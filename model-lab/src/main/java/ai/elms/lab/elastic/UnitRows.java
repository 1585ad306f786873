package ai.elms.lab.elastic;

import java.util.List;

import ai.elms.engine.pack.Architecture;
import ai.elms.engine.pack.WeightNames;

/**
 * Which rows of which tensors make up one unit of a layer. A KV group is its {@code k}
 * and {@code v} rows ({@code headDim} each) and the {@code q} and {@code o_proj_t} rows
 * of its query heads ({@code headsPerGroup * headDim} each, heads ordered by group); an
 * FFN neuron is one row of {@code gate}, {@code up} and {@code down_proj_t}.
 *
 * @param tensor the tensor's name
 * @param rowsPerUnit consecutive rows each unit owns
 */
record UnitRows(String tensor, int rowsPerUnit) {

	static List<UnitRows> ofGroups(Architecture arch, int layer) {
		int hd = arch.headDim();
		int q = arch.headsPerGroup() * hd;
		return List.of(new UnitRows(WeightNames.q(layer), q), new UnitRows(WeightNames.k(layer), hd),
				new UnitRows(WeightNames.v(layer), hd), new UnitRows(WeightNames.oTransposed(layer), q));
	}

	static List<UnitRows> ofFfn(Architecture arch, int layer) {
		return List.of(new UnitRows(WeightNames.gate(layer), 1), new UnitRows(WeightNames.up(layer), 1),
				new UnitRows(WeightNames.downTransposed(layer), 1));
	}

}
