package ai.elms.engine.profile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import ai.elms.engine.ElasticEngine;
import ai.elms.engine.EngineOptions;
import ai.elms.engine.pack.PackageGenerator;
import ai.elms.engine.pack.PackageShape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class LatencyProfilerTest {

	@TempDir
	static Path dir;

	static ElasticEngine engine;

	@BeforeAll
	static void open() throws IOException {
		PackageGenerator.generate(dir.resolve("tiny"), PackageShape.TINY, 7);
		engine = ElasticEngine.open(dir.resolve("tiny"),
				EngineOptions.DEFAULTS.withThreads(1).withLevels(List.of(0.2, 0.6, 1.0)));
	}

	@AfterAll
	static void close() {
		engine.close();
	}

	private static LatencyProfiler profiler(List<Integer> buckets) {
		return new LatencyProfiler(engine, new ProfilerOptions(buckets, 2, 4), Profiles.DEVICE, 1);
	}

	@Test
	void capsBucketsAtLongestPromptThatFitsContext() {
		// the tiny package has a context of 256 tokens
		assertThat(profiler(List.of(16, 64, 1000, 4000)).buckets()).containsExactly(16, 64, 255);
		assertThat(profiler(List.of(64, 16)).buckets()).containsExactly(16, 64);
	}

	@Test
	void measuresEveryLevelAtEveryBucket() throws InterruptedException {
		LatencyProfile profile = profiler(List.of(8, 32, 1000)).measure();
		assertThat(profile.device()).isEqualTo(Profiles.DEVICE);
		assertThat(profile.packageHash()).isEqualTo(engine.packageHash());
		assertThat(profile.threads()).isEqualTo(1);
		assertThat(profile.levels()).isEqualTo(engine.levels());
		assertThat(profile.buckets()).containsExactly(8, 32, 255);
		assertThat(profile.ttftMs()).hasSize(3).allSatisfy((row) -> assertThat(row).hasSize(3));
		assertThat(profile.ttftMs())
			.allSatisfy((row) -> assertThat(row).allSatisfy((ms) -> assertThat(ms).isPositive()));
		assertThat(profile.tpotMs()).hasSize(3).allSatisfy((ms) -> assertThat(ms).isPositive());
		// TPOT after every prompt length, monotone; the last prompt leaves no room to
		// decode, so it has the TPOT of the one before
		assertThat(profile.tpotByPromptMs()).hasSize(3).allSatisfy((row) -> {
			assertThat(row).hasSize(3).isSorted();
			assertThat(row.get(2)).isEqualTo(row.get(1));
		});
		for (int level = 0; level < 3; level++) {
			assertThat(profile.tpotMs().get(level)).isEqualTo(profile.tpotByPromptMs().get(level).get(0));
			assertThat(profile.predictTpotMs(level, 20)).isBetween(profile.tpotByPromptMs().get(level).get(0),
					profile.tpotByPromptMs().get(level).get(1));
		}
	}

	@Test
	void measuresOnceThenReadsCache() throws InterruptedException {
		ProfileCache cache = new ProfileCache(dir.resolve("profiles"));
		LatencyProfile measured = profiler(List.of(16, 64)).loadOrMeasure(cache);
		LatencyProfile cached = profiler(List.of(16, 64)).loadOrMeasure(cache);
		assertThat(cached).isEqualTo(measured);
		LatencyProfile other = profiler(List.of(16, 32)).loadOrMeasure(cache);
		assertThat(other.buckets()).containsExactly(16, 32);
	}

	@Test
	void stopsWhenInterrupted() {
		Thread.currentThread().interrupt();
		try {
			assertThatExceptionOfType(InterruptedException.class).isThrownBy(() -> profiler(List.of(16)).measure());
		}
		finally {
			Thread.interrupted();
		}
	}

	@Test
	void buildsPromptsOfExactLengthByRepeatingSample() {
		assertThat(LatencyProfiler.prompt(new int[] { 7, 8, 9 }, 7)).containsExactly(7, 8, 9, 7, 8, 9, 7);
		assertThat(LatencyProfiler.prompt(new int[] { 7, 8, 9 }, 2)).containsExactly(7, 8);
	}

	@Test
	void poolsAdjacentViolatorsIntoTheNearestNonDecreasingSequence() {
		double[] values = { 0.53, 0.54, 0.28, 0.57, 0.37, 0.47, 0.61, 1.1, 0.89 };
		LatencyProfiler.isotonic(values);
		assertThat(values).containsExactly(new double[] { 0.45, 0.45, 0.45, 0.47, 0.47, 0.47, 0.61, 0.995, 0.995 },
				org.assertj.core.data.Offset.offset(1e-9));
		double[] sorted = { 1, 2, 2, 3 };
		LatencyProfiler.isotonic(sorted);
		assertThat(sorted).containsExactly(1, 2, 2, 3);
	}

	@Test
	void makesTheProfileMonotoneInLevelAndPromptLength() {
		double[][] ttft = { { 2, 7, 17 }, { 1, 2, 8 }, { 3, 5, 4 } };
		LatencyProfiler.monotone(ttft);
		org.assertj.core.data.Offset<Double> close = org.assertj.core.data.Offset.offset(1e-9);
		// the last bucket: 17, 8, 4 pooled into one mean
		assertThat(ttft[0]).containsExactly(new double[] { 1.5, 4.5, 29.0 / 3 }, close);
		assertThat(ttft[1]).containsExactly(new double[] { 1.5, 4.5, 29.0 / 3 }, close);
		assertThat(ttft[2]).containsExactly(new double[] { 3, 5, 29.0 / 3 }, close);
		double[][] tpot = { { 0.5, 0.6 }, { 0.3, 0.2 }, { 0.9, 1.0 } };
		LatencyProfiler.monotone(tpot);
		assertThat(tpot[0]).containsExactly(new double[] { 0.4, 0.4 }, close);
		assertThat(tpot[2]).containsExactly(new double[] { 0.9, 1.0 }, close);
	}

	@Test
	void takesMedianOfRuns() {
		assertThat(LatencyProfiler.median(new double[] { 3, 1, 2 })).isEqualTo(2);
		assertThat(LatencyProfiler.median(new double[] { 4, 1, 3, 2 })).isEqualTo(2.5);
		assertThat(LatencyProfiler.median(new double[] { 5 })).isEqualTo(5);
	}

}
