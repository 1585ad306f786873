package ai.elms.engine.profile;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class LatencyProfileTest {

	private final LatencyProfile profile = Profiles.threeLevels();

	@Test
	void predictsMeasuredValuesAtBuckets() {
		assertThat(this.profile.predictTtftMs(0, 16)).isEqualTo(10);
		assertThat(this.profile.predictTtftMs(1, 64)).isEqualTo(40);
		assertThat(this.profile.predictTtftMs(2, 256)).isEqualTo(180);
	}

	@Test
	void interpolatesLinearlyBetweenBuckets() {
		assertThat(this.profile.predictTtftMs(0, 40)).isCloseTo(15, within(1e-9));
		assertThat(this.profile.predictTtftMs(0, 160)).isCloseTo(40, within(1e-9));
		assertThat(this.profile.predictTtftMs(2, 100)).isCloseTo(60 + 120 * 36 / 192.0, within(1e-9));
	}

	@Test
	void usesFirstBucketBelowIt() {
		assertThat(this.profile.predictTtftMs(1, 1)).isEqualTo(20);
		assertThat(this.profile.predictTtftMs(1, 15)).isEqualTo(20);
	}

	@Test
	void extrapolatesLastSegmentBeyondLastBucket() {
		// level 0: slope of the last segment is 40 ms / 192 tokens
		assertThat(this.profile.predictTtftMs(0, 448)).isCloseTo(100, within(1e-9));
		assertThat(this.profile.predictTtftMs(2, 1024)).isCloseTo(180 + 120 / 192.0 * 768, within(1e-9));
	}

	@Test
	void neverExtrapolatesDownwards() {
		LatencyProfile noisy = Profiles.of(List.of(16, 64), new double[][] { { 30, 25 } }, new double[] { 5 });
		assertThat(noisy.predictTtftMs(0, 1000)).isEqualTo(25);
	}

	@Test
	void scalesProportionallyWithASingleBucket() {
		LatencyProfile single = Profiles.of(List.of(100), new double[][] { { 50 } }, new double[] { 5 });
		assertThat(single.predictTtftMs(0, 10)).isEqualTo(50);
		assertThat(single.predictTtftMs(0, 300)).isCloseTo(150, within(1e-9));
	}

	@Test
	void predictsTpotPerLevel() {
		assertThat(this.profile.predictTpotMs(0)).isEqualTo(5);
		assertThat(this.profile.predictTpotMs(2)).isEqualTo(15);
	}

	@Test
	void predictsTpotByPromptLengthWhenMeasuredSo() {
		LatencyProfile base = Profiles.of(List.of(16, 256), new double[][] { { 10, 50 }, { 20, 90 } },
				new double[] { 1, 2 });
		LatencyProfile byPrompt = new LatencyProfile(base.device(), base.packageHash(), base.threads(), base.levels(),
				base.buckets(), base.ttftMs(), base.tpotMs(), base.measuredAt(),
				List.of(List.of(1.0, 1.6), List.of(2.0, 3.2)));
		assertThat(byPrompt.predictTpotMs(1, 8)).isEqualTo(2);
		assertThat(byPrompt.predictTpotMs(1, 136)).isCloseTo(2.6, within(1e-9));
		assertThat(byPrompt.predictTpotMs(0, 496)).isCloseTo(2.2, within(1e-9));
		// without TPOT per prompt length: the level's one value at every length
		assertThat(base.predictTpotMs(1, 496)).isEqualTo(2);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new LatencyProfile(base.device(), base.packageHash(), base.threads(), base.levels(),
					base.buckets(), base.ttftMs(), base.tpotMs(), base.measuredAt(), List.of(List.of(1.0))));
		JsonMapper json = JsonMapper.builder().build();
		assertThat(json.readValue(json.writeValueAsString(byPrompt), LatencyProfile.class)).isEqualTo(byPrompt);
	}

	@Test
	void rejectsUnknownLevel() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.profile.predictTtftMs(3, 16));
		assertThatIllegalArgumentException().isThrownBy(() -> this.profile.predictTpotMs(-1));
	}

	@Test
	void rejectsInconsistentShapes() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Profiles.of(List.of(16, 64), new double[][] { { 1 } }, new double[] { 1 }));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Profiles.of(List.of(64, 16), new double[][] { { 1, 2 } }, new double[] { 1 }));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Profiles.of(List.of(16), new double[][] { { -1 } }, new double[] { 1 }));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> Profiles.of(List.of(16), new double[][] { { 1 } }, new double[] { Double.NaN }));
	}

	@Test
	void roundTripsThroughJsonWithSnakeCaseNames() {
		JsonMapper json = JsonMapper.builder().build();
		String text = json.writeValueAsString(this.profile);
		assertThat(text).contains("\"package_hash\":\"abc123\"", "\"ttft_ms\":[[10.0,20.0,60.0]",
				"\"tpot_ms\":[5.0,10.0,15.0]", "\"measured_at\":\"2025-01-01T00:00:00Z\"", "\"cpu_model\":\"Test CPU\"",
				"\"share\":0.2", "\"parameters\":1000");
		assertThat(json.readValue(text, LatencyProfile.class)).isEqualTo(this.profile);
	}

}
