package ai.elms.engine;

/**
 * How likely a level finds a continuation of a prompt: the log-probability of each of its
 * tokens given the prompt and the tokens before it (the multiple-choice scoring of the
 * publication).
 *
 * @param tokenLogProbs natural-log probability of each continuation token
 */
public record ContinuationScore(double[] tokenLogProbs) {

	public double sum() {
		double sum = 0;
		for (double logProb : this.tokenLogProbs) {
			sum += logProb;
		}
		return sum;
	}

	/** Mean log-probability per token, the length-normalized score. */
	public double mean() {
		return sum() / this.tokenLogProbs.length;
	}

}
