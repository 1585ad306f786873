package ai.elms.engine.sampling;

import java.nio.FloatBuffer;

import ai.elms.engine.SamplingParams;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SamplerTest {

	private static final FloatBuffer LOGITS = FloatBuffer.wrap(new float[] { 1f, 3f, 2.5f, -1f, 0f });

	@Test
	void greedyPicksTheLargestLogit() {
		assertThat(new Sampler(SamplingParams.GREEDY).next(LOGITS.duplicate())).isEqualTo(1);
	}

	@Test
	void smallTopPKeepsOnlyTheMostLikelyToken() {
		Sampler sampler = new Sampler(new SamplingParams(1.0, 0.01, 5));
		for (int i = 0; i < 50; i++) {
			assertThat(sampler.next(LOGITS.duplicate())).isEqualTo(1);
		}
	}

	@Test
	void topPSamplesOnlyInsideTheNucleus() {
		// probabilities at temperature 1: about 0.09, 0.63, 0.24, 0.01, 0.03 -> top_p 0.8
		// keeps 1 and 2
		Sampler sampler = new Sampler(new SamplingParams(1.0, 0.8, 5));
		int[] counts = new int[5];
		for (int i = 0; i < 2000; i++) {
			counts[sampler.next(LOGITS.duplicate())]++;
		}
		assertThat(counts[0] + counts[3] + counts[4]).isZero();
		assertThat(counts[1]).isGreaterThan(counts[2]).isGreaterThan(300);
	}

	@Test
	void temperatureSamplingFollowsTheDistribution() {
		Sampler sampler = new Sampler(new SamplingParams(1.0, 1.0, 9));
		int[] counts = new int[5];
		int draws = 20000;
		for (int i = 0; i < draws; i++) {
			counts[sampler.next(LOGITS.duplicate())]++;
		}
		double[] logits = { 1, 3, 2.5, -1, 0 };
		double sum = 0;
		for (double logit : logits) {
			sum += Math.exp(logit);
		}
		for (int i = 0; i < 5; i++) {
			assertThat(counts[i] / (double) draws).isCloseTo(Math.exp(logits[i]) / sum,
					org.assertj.core.data.Offset.offset(0.02));
		}
	}

	@Test
	void sameSeedSameTokens() {
		Sampler a = new Sampler(new SamplingParams(0.8, 0.95, 42));
		Sampler b = new Sampler(new SamplingParams(0.8, 0.95, 42));
		for (int i = 0; i < 100; i++) {
			assertThat(a.next(LOGITS.duplicate())).isEqualTo(b.next(LOGITS.duplicate()));
		}
	}

	@Test
	void rejectsInvalidParameters() {
		assertThatIllegalArgumentException().isThrownBy(() -> new SamplingParams(-1, 1, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> new SamplingParams(1, 0, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> new SamplingParams(Double.NaN, 1, 0));
	}

}
