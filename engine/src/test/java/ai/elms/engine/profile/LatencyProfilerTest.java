package ai.elms.engine.profile;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LatencyProfilerTest {

	@Test
	void buildsPromptsOfExactLengthByRepeatingSample() {
		assertThat(LatencyProfiler.prompt(new int[] { 7, 8, 9 }, 7)).containsExactly(7, 8, 9, 7, 8, 9, 7);
		assertThat(LatencyProfiler.prompt(new int[] { 7, 8, 9 }, 2)).containsExactly(7, 8);
	}

	@Test
	void takesMedianOfRuns() {
		assertThat(LatencyProfiler.median(new double[] { 3, 1, 2 })).isEqualTo(2);
		assertThat(LatencyProfiler.median(new double[] { 4, 1, 3, 2 })).isEqualTo(2.5);
		assertThat(LatencyProfiler.median(new double[] { 5 })).isEqualTo(5);
	}

}
