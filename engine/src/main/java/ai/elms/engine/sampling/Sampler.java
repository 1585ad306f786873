package ai.elms.engine.sampling;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;

import ai.elms.engine.SamplingParams;

/** The token picker of one generation; holds its random stream. */
public final class Sampler {

	private final SamplingParams params;

	private final SplittableRandom random;

	private float[] probs = new float[0];

	public Sampler(SamplingParams params) {
		this.params = params;
		this.random = new SplittableRandom(params.seed());
	}

	public int next(FloatBuffer logits) {
		int vocab = logits.remaining();
		int base = logits.position();
		if (this.params.greedy()) {
			return argmax(logits, base, vocab);
		}
		if (this.probs.length != vocab) {
			this.probs = new float[vocab];
		}
		float max = logits.get(base + argmax(logits, base, vocab));
		double inverseTemperature = 1 / this.params.temperature();
		double sum = 0;
		for (int i = 0; i < vocab; i++) {
			float p = (float) Math.exp((logits.get(base + i) - max) * inverseTemperature);
			this.probs[i] = p;
			sum += p;
		}
		return (this.params.topP() < 1) ? nucleus(vocab, sum) : draw(vocab, sum);
	}

	private int draw(int vocab, double sum) {
		double target = this.random.nextDouble() * sum;
		double cumulative = 0;
		for (int i = 0; i < vocab; i++) {
			cumulative += this.probs[i];
			if (cumulative > target) {
				return i;
			}
		}
		return vocab - 1;
	}

	/**
	 * Samples among the most likely tokens whose mass reaches top_p. Only tokens above a
	 * threshold are sorted: when they already hold top_p of the mass, the nucleus lies
	 * among them.
	 */
	private int nucleus(int vocab, double sum) {
		double mass = this.params.topP() * sum;
		float threshold = (float) (sum / vocab);
		long[] keys = candidates(vocab, threshold, mass);
		if (keys == null) {
			keys = candidates(vocab, 0, mass);
		}
		Arrays.sort(keys);
		double kept = 0;
		int first = keys.length;
		while (first > 0 && kept < mass) {
			first--;
			kept += this.probs[(int) keys[first]];
		}
		double target = this.random.nextDouble() * kept;
		double cumulative = 0;
		for (int i = keys.length - 1; i >= first; i--) {
			int token = (int) keys[i];
			cumulative += this.probs[token];
			if (cumulative > target) {
				return token;
			}
		}
		return (int) keys[first];
	}

	/**
	 * Tokens with probability at least threshold, as sortable (probability bits, index)
	 * keys.
	 */
	private long[] candidates(int vocab, float threshold, double mass) {
		int count = 0;
		double covered = 0;
		for (int i = 0; i < vocab; i++) {
			if (this.probs[i] >= threshold) {
				count++;
				covered += this.probs[i];
			}
		}
		if (covered < mass && threshold > 0) {
			return null;
		}
		long[] keys = new long[count];
		int k = 0;
		for (int i = 0; i < vocab; i++) {
			if (this.probs[i] >= threshold) {
				// non-negative floats order like their bit patterns
				keys[k++] = ((long) Float.floatToIntBits(this.probs[i]) << 32) | i;
			}
		}
		return keys;
	}

	private static int argmax(FloatBuffer logits, int base, int vocab) {
		int best = 0;
		float bestValue = Float.NEGATIVE_INFINITY;
		for (int i = 0; i < vocab; i++) {
			float value = logits.get(base + i);
			if (value > bestValue) {
				bestValue = value;
				best = i;
			}
		}
		return best;
	}

}
