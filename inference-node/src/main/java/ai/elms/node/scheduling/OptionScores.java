package ai.elms.node.scheduling;

/**
 * A request's answer options scored after its prompt as served (compressed, at the level
 * that served it): the multiple-choice scoring of the publication.
 *
 * @param meanLogProbs per option, the mean log-probability of its tokens and the end
 * token
 * @param picked the option scored highest
 * @param ms the scoring's time, after the last generated token
 */
public record OptionScores(double[] meanLogProbs, int picked, double ms) {

	static OptionScores of(double[] meanLogProbs, double ms) {
		int picked = 0;
		for (int i = 1; i < meanLogProbs.length; i++) {
			if (meanLogProbs[i] > meanLogProbs[picked]) {
				picked = i;
			}
		}
		return new OptionScores(meanLogProbs, picked, ms);
	}

}
