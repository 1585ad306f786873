package ai.elms.lab.training;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import ai.elms.engine.TinyModel;
import ai.elms.engine.orchestration.PromptParts;
import ai.elms.engine.text.Tokenizer;
import ai.elms.engine.tlm.PromptCompression;

/**
 * Training rows whose system part is compressed as the node compresses it: the tiny
 * model's score head ranks the system tokens, and a prompt ratio drawn among the tiny
 * model's ratios below 1 sets how many are kept. Recovery on such rows teaches every
 * level to answer from the prompts {@code elastic} and {@code prompt-only} serve.
 *
 * @param tiny the tiny model whose score head compresses
 * @param share the share of the batches whose rows are compressed
 */
record RowCompression(TinyModel tiny, double share) {

	RowCompression {
		if (!(share > 0 && share <= 1)) {
			throw new IllegalArgumentException("the share of compressed batches must be in (0, 1], not " + share);
		}
		if (ratios(tiny).isEmpty()) {
			throw new IllegalArgumentException("the tiny model has no prompt ratio below 1");
		}
	}

	/**
	 * A batch's prompt ratio: below 1 for the compressed share of the batches, else 1.
	 */
	double draw(SplittableRandom random) {
		if (random.nextDouble() >= this.share) {
			return 1;
		}
		List<Double> ratios = ratios(this.tiny);
		return ratios.get(random.nextInt(ratios.size()));
	}

	/**
	 * A chat prompt with its system part compressed to the prompt ratio, the user's
	 * message kept whole.
	 * @param prompt the prompt's tokens
	 * @param system the system message's text
	 * @param user the user message's text
	 */
	int[] compress(int[] prompt, Tokenizer tokenizer, String system, String user, double ratio) {
		PromptParts parts = PromptParts.locate(prompt, tokenizer.encode(system), tokenizer.encode(user));
		int[] systemTokens = parts.system();
		float[] scores = Arrays.copyOf(this.tiny.predict(parts.content(), 0, 0).keepLogits(), systemTokens.length);
		double keep = PromptCompression.systemKeepShare(systemTokens.length, parts.user().length, ratio);
		return parts.withSystem(PromptCompression.keep(systemTokens, scores, keep));
	}

	private static List<Double> ratios(TinyModel tiny) {
		return tiny.config().ratios().stream().filter((ratio) -> ratio < 1).toList();
	}

}
