package ai.elms.engine;

/**
 * What the tiny model says of a prompt under an SLO.
 *
 * @param keepLogits per prompt token, how much it should be kept (higher keeps)
 * @param ratioLogits per prompt ratio of the model's config, its score
 * @param levelLogits per model level, its score
 */
public record TinyPrediction(float[] keepLogits, float[] ratioLogits, float[] levelLogits) {

	/** Index of the proposed prompt ratio. */
	public int ratioClass() {
		return argmax(this.ratioLogits);
	}

	/** Index of the proposed model level. */
	public int levelClass() {
		return argmax(this.levelLogits);
	}

	private static int argmax(float[] values) {
		int best = 0;
		for (int i = 1; i < values.length; i++) {
			if (values[i] > values[best]) {
				best = i;
			}
		}
		return best;
	}

}
