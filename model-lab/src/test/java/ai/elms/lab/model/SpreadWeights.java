package ai.elms.lab.model;

import java.util.SplittableRandom;

/**
 * Random weights of order one and norms away from one, so that every unit and every part
 * of the function shows in the logits of the tests that compare them.
 */
public final class SpreadWeights {

	private SpreadWeights() {
	}

	public static Decoder spread(Decoder decoder) {
		SplittableRandom random = new SplittableRandom(7);
		decoder.parameters().forEach((name, parameter) -> {
			float[] values = parameter.toFloatArray();
			boolean norm = parameter.getShape().dimension() == 1;
			for (int i = 0; i < values.length; i++) {
				values[i] = norm ? (float) (0.5 + random.nextDouble()) : (float) random.nextGaussian() * 0.15f;
			}
			parameter.set(values);
		});
		return decoder;
	}

}
