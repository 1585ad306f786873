package ai.elms.lab.tlm;

import java.util.Arrays;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.elms.lab.model.Decoder;
import ai.elms.lab.model.Torch;

/**
 * How much each prompt token matters to the LLM's answer: gradient times input, the
 * first-order change of the answer's log-likelihood when a token's embedding is taken
 * away, {@code |sum_d g_td e_td|}. These are the score head's keep labels, induced from
 * the LLM itself.
 */
public final class Saliency {

	private Saliency() {
	}

	/**
	 * The saliency of every prompt token for the answer that follows it.
	 * @param prompt the prompt's tokens
	 * @param answer the answer's tokens and the end token
	 */
	public static float[] of(Decoder decoder, int[] prompt, int[] answer, NDManager manager) {
		int length = prompt.length + answer.length;
		long[] ids = new long[length];
		for (int i = 0; i < prompt.length; i++) {
			ids[i] = prompt[i];
		}
		for (int i = 0; i < answer.length; i++) {
			ids[prompt.length + i] = answer[i];
		}
		try (NDManager scope = manager.newSubManager()) {
			NDArray embeddings = decoder.embed(scope.create(ids, new Shape(1, length)));
			embeddings.setRequiresGradient(true);
			try (GradientCollector collector = Torch.engine(0).newGradientCollector()) {
				NDArray hidden = decoder.hiddenOf(embeddings, null).reshape(length, -1);
				// the position before each answer token predicts it
				NDArray predicting = hidden.get("{}:{}", prompt.length - 1, length - 1);
				NDArray targets = scope.create(Arrays.stream(answer).asLongStream().toArray(),
						new Shape(answer.length, 1));
				NDArray loss = decoder.logits(predicting).logSoftmax(1).gather(targets, 1).mean().neg();
				collector.backward(loss);
			}
			float[] saliency = embeddings.getGradient()
				.mul(embeddings)
				.sum(new int[] { 2 })
				.abs()
				.reshape(length)
				.toFloatArray();
			return Arrays.copyOf(saliency, prompt.length);
		}
	}

}
