package ai.elms.lab.tlm;

import java.util.SplittableRandom;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.elms.engine.pack.Architecture;
import ai.elms.lab.model.Decoder;
import ai.elms.lab.model.Torch;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SaliencyTest {

	static final Architecture TINY = new Architecture(32, 2, 4, 2, 8, 64, 300, 64, 10000.0, 1e-5, true);

	@Test
	void saliencyIsTheAnswerLossChangeWhenATokenFades() {
		int[] prompt = { 257, 10, 104, 101, 108, 108, 111, 256, 10, 259, 10 };
		int[] answer = { 72, 105, 256 };
		try (NDManager manager = Torch.newManager(); Decoder decoder = Decoder.initialize(TINY, 4, manager)) {
			SplittableRandom random = new SplittableRandom(2);
			decoder.parameters().forEach((name, p) -> {
				float[] values = p.toFloatArray();
				for (int i = 0; i < values.length; i++) {
					values[i] = (p.getShape().dimension() == 1) ? 1f : (float) random.nextGaussian() * 0.3f;
				}
				p.set(values);
			});
			float[] saliency = Saliency.of(decoder, prompt, answer, manager);
			assertThat(saliency).hasSize(prompt.length);
			double epsilon = 1e-2;
			double largest = 0;
			for (int t = 0; t < prompt.length; t++) {
				double slope = (loss(decoder, prompt, answer, t, 1 + epsilon, manager)
						- loss(decoder, prompt, answer, t, 1 - epsilon, manager)) / (2 * epsilon);
				largest = Math.max(largest, Math.abs(slope));
				assertThat((double) saliency[t]).as("token %d", t)
					.isCloseTo(Math.abs(slope), org.assertj.core.data.Offset.offset(2e-3 + 0.03 * Math.abs(slope)));
			}
			assertThat(largest).as("tokens that matter").isGreaterThan(0.03);
		}
	}

	/** The answer's mean loss with token t's embedding scaled. */
	private static double loss(Decoder decoder, int[] prompt, int[] answer, int t, double scale, NDManager manager) {
		int length = prompt.length + answer.length;
		long[] ids = new long[length];
		for (int i = 0; i < length; i++) {
			ids[i] = (i < prompt.length) ? prompt[i] : answer[i - prompt.length];
		}
		try (NDManager scope = manager.newSubManager()) {
			NDArray embeddings = decoder.embed(scope.create(ids, new Shape(1, length)));
			float[] factors = new float[length];
			java.util.Arrays.fill(factors, 1f);
			factors[t] = (float) scale;
			embeddings = embeddings.mul(scope.create(factors, new Shape(1, length, 1)));
			NDArray hidden = decoder.hiddenOf(embeddings, null).reshape(length, -1);
			NDArray predicting = hidden.get("{}:{}", prompt.length - 1, length - 1);
			long[] targets = java.util.Arrays.stream(answer).asLongStream().toArray();
			return decoder.logits(predicting)
				.logSoftmax(1)
				.gather(scope.create(targets, new Shape(answer.length, 1)), 1)
				.mean()
				.neg()
				.getFloat();
		}
	}

}
