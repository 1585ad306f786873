package ai.elms.lab.elastic;

import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

import ai.elms.lab.model.Decoder;

/**
 * The layers no level shrinks: those whose removal raises the calibration loss most.
 */
final class AnchorLayers {

	private AnchorLayers() {
	}

	/** About one layer in twelve, at least one from four layers on. */
	static int defaultCount(int layers) {
		return (int) Math.max((layers >= 4) ? 1 : 0, Math.round(layers / 12.0));
	}

	/**
	 * @return the loss with each layer skipped, by layer
	 */
	static double[] lossWithout(Decoder decoder, CalibrationLoss loss) {
		return IntStream.range(0, decoder.architecture().layers())
			.mapToDouble((l) -> loss.withoutLayer(decoder, l))
			.toArray();
	}

	/** The {@code count} layers of highest loss on removal, in layer order. */
	static List<Integer> choose(double[] lossWithout, int count) {
		return IntStream.range(0, lossWithout.length)
			.boxed()
			.sorted(Comparator.comparingDouble((Integer l) -> -lossWithout[l]))
			.limit(count)
			.sorted()
			.toList();
	}

}
