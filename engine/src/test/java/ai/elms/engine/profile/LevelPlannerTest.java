package ai.elms.engine.profile;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LevelPlannerTest {

	private final LevelPlanner planner = new LevelPlanner(Profiles.threeLevels());

	@Test
	void servesFullModelWithoutSlo() {
		LevelPlan plan = this.planner.plan(64, 0, LatencySlo.NONE);
		assertThat(plan.level()).isEqualTo(2);
		assertThat(plan.meetsSlo()).isTrue();
		assertThat(plan.predictedTtftMs()).isEqualTo(60);
		assertThat(plan.predictedTpotMs()).isEqualTo(15);
	}

	@Test
	void servesFullModelWithoutSloEvenWhenQueueWasLong() {
		assertThat(this.planner.plan(64, 10_000, LatencySlo.NONE).level()).isEqualTo(2);
	}

	@Test
	void servesFullModelWhenLooseSloFits() {
		assertThat(this.planner.plan(64, 0, new LatencySlo(1000.0, 100.0)).level()).isEqualTo(2);
	}

	@Test
	void choosesLargestLevelWhoseTtftFits() {
		// 64 tokens: levels take 20, 40, 60 ms
		assertThat(this.planner.plan(64, 0, new LatencySlo(45.0, null)).level()).isEqualTo(1);
		assertThat(this.planner.plan(64, 0, new LatencySlo(40.0, null)).level()).isEqualTo(1);
		assertThat(this.planner.plan(64, 0, new LatencySlo(39.9, null)).level()).isEqualTo(0);
	}

	@Test
	void countsQueueWaitAgainstTtft() {
		assertThat(this.planner.plan(64, 0, new LatencySlo(65.0, null)).level()).isEqualTo(2);
		LevelPlan plan = this.planner.plan(64, 10, new LatencySlo(65.0, null));
		assertThat(plan.level()).isEqualTo(1);
		assertThat(plan.predictedTtftMs()).isCloseTo(50, within(1e-9));
	}

	@Test
	void usesInterpolatedTtftForPromptLength() {
		// 160 tokens: levels take 40, 80, 120 ms
		assertThat(this.planner.plan(160, 0, new LatencySlo(100.0, null)).level()).isEqualTo(1);
		assertThat(this.planner.plan(160, 0, new LatencySlo(130.0, null)).level()).isEqualTo(2);
	}

	@Test
	void choosesLargestLevelWhoseTpotFits() {
		assertThat(this.planner.plan(16, 0, new LatencySlo(null, 12.0)).level()).isEqualTo(1);
		assertThat(this.planner.plan(16, 0, new LatencySlo(null, 5.0)).level()).isEqualTo(0);
	}

	@Test
	void requiresBothPartsOfSloToFit() {
		// TTFT allows level 2, TPOT only level 0
		assertThat(this.planner.plan(16, 0, new LatencySlo(100.0, 6.0)).level()).isEqualTo(0);
		// TPOT allows level 2, TTFT only level 1
		assertThat(this.planner.plan(16, 0, new LatencySlo(25.0, 100.0)).level()).isEqualTo(1);
	}

	@Test
	void servesSmallestLevelAsPredictedMissWhenNothingFits() {
		LevelPlan plan = this.planner.plan(256, 0, new LatencySlo(30.0, null));
		assertThat(plan.level()).isEqualTo(0);
		assertThat(plan.meetsSlo()).isFalse();
		assertThat(plan.predictedTtftMs()).isEqualTo(60);
	}

	@Test
	void missesWhenQueueWaitAloneExceedsTtft() {
		LevelPlan plan = this.planner.plan(16, 500, new LatencySlo(400.0, null));
		assertThat(plan.level()).isEqualTo(0);
		assertThat(plan.meetsSlo()).isFalse();
	}

	@Test
	void doesNotAssumeLatencyGrowsWithLevel() {
		// level 1 is measured slower than level 2 (noise); level 2 fits and is larger
		LatencyProfile noisy = Profiles.of(List.of(16), new double[][] { { 10 }, { 50 }, { 30 } },
				new double[] { 1, 1, 1 });
		assertThat(new LevelPlanner(noisy).plan(16, 0, new LatencySlo(40.0, null)).level()).isEqualTo(2);
	}

}
