package ai.elms.lab.elastic;

import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.elms.engine.pack.Architecture;
import ai.elms.engine.pack.WeightNames;
import ai.elms.lab.model.Decoder;
import ai.elms.lab.model.SpreadWeights;
import ai.elms.lab.model.Torch;
import ai.elms.lab.training.TokenBatch;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Block influence finds the blocks that do nothing: a layer whose attention and
 * feed-forward outputs are zero leaves the residual stream as it is, and is dropped
 * first.
 */
class BlockInfluenceTest {

	static final Architecture ARCH = new Architecture(48, 3, 4, 2, 12, 80, 300, 64, 10000.0, 1e-5, true);

	@Test
	void aLayerThatChangesNothingIsDroppedFirst() {
		try (NDManager manager = Torch.newManager(); Decoder decoder = Decoder.initialize(ARCH, 3, manager)) {
			SpreadWeights.spread(decoder);
			zero(decoder.parameters().get(WeightNames.oTransposed(1)));
			long[] ids = { 257, 10, 104, 101, 108, 108, 111, 256, 10, 259, 10, 72 };
			long[] positions = new long[ids.length];
			for (int i = 0; i < ids.length; i++) {
				positions[i] = i;
			}
			TokenBatch batch = new TokenBatch(1, ids.length, ids, positions, new long[ids.length], new int[ids.length],
					ids.length);

			BlockInfluence attentionless = BlockInfluence.measure(decoder, List.of(batch), manager);
			assertThat(attentionless.attention().get(1)).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-6));
			assertThat(attentionless.attention().get(0)).isGreaterThan(0.01);
			assertThat(attentionless.attention().get(2)).isGreaterThan(0.01);
			assertThat(attentionless.attentionDropOrder()).hasSize(2).startsWith(1);

			zero(decoder.parameters().get(WeightNames.downTransposed(1)));
			BlockInfluence idle = BlockInfluence.measure(decoder, List.of(batch), manager);
			assertThat(idle.layers().get(1)).isCloseTo(0, org.assertj.core.data.Offset.offset(1e-6));
			assertThat(idle.layerDropOrder()).hasSize(2).startsWith(1);
		}
	}

	private static void zero(NDArray parameter) {
		parameter.set(new float[Math.toIntExact(parameter.size())]);
	}

}
