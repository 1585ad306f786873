package ai.elms.engine;

/**
 * How the next token is picked.
 *
 * @param temperature 0 means greedy (argmax); otherwise logits are divided by it
 * @param topP nucleus share in (0, 1]; 1 keeps every token
 * @param seed seed of the request's random stream, so a sampled output is reproducible
 */
public record SamplingParams(double temperature, double topP, long seed) {

	public static final SamplingParams GREEDY = new SamplingParams(0, 1, 0);

	public SamplingParams {
		if (!(temperature >= 0) || !Double.isFinite(temperature)) {
			throw new IllegalArgumentException("temperature must be a finite number >= 0");
		}
		if (!(topP > 0 && topP <= 1)) {
			throw new IllegalArgumentException("top_p must be in (0, 1]");
		}
	}

	public boolean greedy() {
		return this.temperature == 0;
	}

}
