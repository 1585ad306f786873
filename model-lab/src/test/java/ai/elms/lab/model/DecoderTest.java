package ai.elms.lab.model;

import java.util.Arrays;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.elms.engine.pack.Architecture;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class DecoderTest {

	static final Architecture ARCH = new Architecture(32, 2, 4, 2, 8, 64, 300, 16, 10000.0, 1e-5, true);

	@Test
	void aRowPaddedOnTheRightInABatchHasTheLogitsItHasAlone() {
		long[] shortRow = { 5, 17, 260, 3, 99 };
		long[] longRow = { 7, 8, 9, 10, 11, 12, 13, 14 };
		try (NDManager manager = Torch.newManager(); Decoder decoder = Decoder.initialize(ARCH, 2, manager)) {
			float[] alone = decoder.logits(decoder.hidden(manager.create(shortRow, new Shape(1, 5)))).toFloatArray();
			long[] batch = new long[16];
			System.arraycopy(shortRow, 0, batch, 0, 5);
			Arrays.fill(batch, 5, 8, 256);
			System.arraycopy(longRow, 0, batch, 8, 8);
			float[] padded = decoder.logits(decoder.hidden(manager.create(batch, new Shape(2, 8)))).toFloatArray();

			for (int i = 0; i < alone.length; i++) {
				assertThat(padded[i]).isCloseTo(alone[i], within(1e-5f));
			}
		}
	}

	@Test
	void refusesRowsLongerThanTheContext() {
		try (NDManager manager = Torch.newManager(); Decoder decoder = Decoder.initialize(ARCH, 2, manager)) {
			NDArray tooLong = manager.zeros(new Shape(1, ARCH.contextLength() + 1), DataType.INT64);
			assertThatIllegalArgumentException().isThrownBy(() -> decoder.hidden(tooLong))
				.withMessageContaining("context length");
		}
	}

	@Test
	void holdsThePackageTensorsInThePackageLayout() {
		try (NDManager manager = Torch.newManager(); Decoder decoder = Decoder.initialize(ARCH, 2, manager)) {
			assertThat(decoder.parameters()).containsOnlyKeys(Decoder.shapes(ARCH).keySet());
			assertThat(decoder.parameters().get("model.layers.1.self_attn.o_proj_t.weight").getShape())
				.isEqualTo(new Shape(32, 32));
			assertThat(decoder.parameters().get("model.layers.0.mlp.down_proj_t.weight").getShape())
				.isEqualTo(new Shape(64, 32));
			assertThat(decoder.parameterCount()).isEqualTo(ARCH.outerParameters() + 2 * ARCH.layerParameters(2, 64));
		}
	}

}
