package ai.elms.engine.orchestration;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import ai.elms.engine.ElasticLevel;
import ai.elms.engine.TinyModel;
import ai.elms.engine.profile.DeviceIdentity;
import ai.elms.engine.profile.LatencyProfile;
import ai.elms.engine.profile.LatencySlo;
import ai.elms.engine.profile.LevelPlanner;
import ai.elms.engine.tlm.PromptCompression;
import ai.elms.engine.tlm.TinyModelConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class OrchestratorTest {

	static final List<Double> RATIOS = List.of(1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1);

	static final TinyModelConfig CONFIG = new TinyModelConfig(16, 2, 1, 1, 24, 300, 256, 11, RATIOS, 9, 1e-5);

	@TempDir
	static Path dir;

	static TinyModel tiny;

	/** A 200-token prompt: 4 template tokens, 180 system, 3, 10 user, 3. */
	static final PromptParts PARTS;

	static {
		SplittableRandom random = new SplittableRandom(8);
		int[] tokens = random.ints(200, 0, 300).toArray();
		PARTS = new PromptParts(tokens, 4, 184, 187, 197);
	}

	@BeforeAll
	static void open() throws IOException {
		TinyModel.write(dir, CONFIG, CONFIG.randomWeights(5));
		tiny = TinyModel.open(dir, 1);
		// the first run of a session is slow; the orchestrator counts the tiny model's
		// time
		tiny.predict(PARTS.content(), 0, 0);
	}

	@AfterAll
	static void close() throws Exception {
		tiny.close();
	}

	/**
	 * Nine levels: TTFT of 0.1 ms per prompt token times the level's share plus 5 ms,
	 * TPOT 20 ms times the share.
	 */
	static LatencyProfile profile() {
		List<ElasticLevel> levels = new ArrayList<>();
		List<List<Double>> ttft = new ArrayList<>();
		List<Double> tpot = new ArrayList<>();
		for (int i = 0; i < 9; i++) {
			double share = 0.2 + 0.1 * i;
			levels.add(new ElasticLevel(i, share, 1000L * (i + 1)));
			ttft.add(List.of(5 + 0.1 * 16 * share, 5 + 0.1 * 1024 * share));
			tpot.add(20 * share);
		}
		return new LatencyProfile(new DeviceIdentity("cpu", 2), "hash", 1, levels, List.of(16, 1024), ttft, tpot,
				Instant.EPOCH);
	}

	@Test
	void fullServesTheFullModelOnTheFullPrompt() {
		Orchestration plan = new Orchestrator(profile(), tiny).plan(Strategy.FULL, PARTS.tokens(), PARTS, 3,
				new LatencySlo(1.0, 1.0));
		assertThat(plan.level()).isEqualTo(8);
		assertThat(plan.promptRatio()).isEqualTo(1.0);
		assertThat(plan.promptTokens()).isSameAs(PARTS.tokens());
		assertThat(plan.meetsSlo()).isFalse();
		assertThat(plan.tinyModelMs()).isZero();
	}

	@Test
	void modelOnlyIsTheLevelPlannersChoiceWithoutCompression() {
		LatencyProfile profile = profile();
		for (double tpot : new double[] { 4, 9, 13.5, 30 }) {
			LatencySlo slo = new LatencySlo(40.0, tpot);
			Orchestration plan = new Orchestrator(profile, tiny).plan(Strategy.MODEL_ONLY, PARTS.tokens(), PARTS, 2,
					slo);
			assertThat(plan.level()).isEqualTo(new LevelPlanner(profile).plan(200, 2, slo).level());
			assertThat(plan.promptTokens()).isSameAs(PARTS.tokens());
		}
	}

	@Test
	void servedRequestsSlowerThanTheProfileMakeItPlanForTheirPace() {
		LatencyProfile profile = profile();
		Orchestrator orchestrator = new Orchestrator(profile, tiny);
		// TPOT 20 ms x share: 13.5 ms fits level 0.6 (12 ms) by the profile
		LatencySlo slo = new LatencySlo(400.0, 13.5);
		Orchestration planned = orchestrator.plan(Strategy.MODEL_ONLY, PARTS.tokens(), PARTS, 0, slo);
		assertThat(profile.levels().get(planned.level()).share()).isCloseTo(0.6, within(1e-9));
		// served TPOT is 1.5 times the prediction, TTFT as predicted
		for (int i = 0; i < LatencyCalibration.MIN_SAMPLES; i++) {
			orchestrator.observe(planned, 1, 1 + profile.predictTtftMs(planned.level(), 200),
					1.5 * profile.predictTpotMs(planned.level(), 200));
		}
		Orchestration calibrated = orchestrator.plan(Strategy.MODEL_ONLY, PARTS.tokens(), PARTS, 0, slo);
		// 13.5 / 1.5 = 9 ms: level 0.4 (8 ms) is the largest that fits
		assertThat(profile.levels().get(calibrated.level()).share()).isCloseTo(0.4, within(1e-9));
		assertThat(calibrated.predictedTpotMs()).isCloseTo(1.5 * 8, within(1e-9));
		assertThat(calibrated.predictedTtftMs()).isCloseTo(profile.predictTtftMs(calibrated.level(), 200),
				within(1e-9));
	}

	@Test
	void promptOnlyCompressesTheSystemPartAloneAsFarAsTheTtftNeeds() {
		// full model: 25 ms on the whole prompt; 18 ms leaves room for about 130 tokens
		Orchestration plan = new Orchestrator(profile(), tiny).plan(Strategy.PROMPT_ONLY, PARTS.tokens(), PARTS, 0,
				new LatencySlo(18.0, null));
		assertThat(plan.level()).isEqualTo(8);
		assertThat(plan.promptRatio()).isLessThan(1.0);
		int[] served = plan.promptTokens();
		// the template and the user part are intact, the system part shrank to its share
		int systemKept = (int) Math.round(180 * PromptCompression.systemKeepShare(180, 10, plan.promptRatio()));
		assertThat(served).hasSize(200 - 180 + systemKept);
		assertThat(Arrays.copyOfRange(served, 0, 4)).containsExactly(Arrays.copyOfRange(PARTS.tokens(), 0, 4));
		assertThat(Arrays.copyOfRange(served, served.length - 16, served.length))
			.containsExactly(Arrays.copyOfRange(PARTS.tokens(), 184, 200));
		assertThat(plan.meetsSlo()).isTrue();
		assertThatIllegalArgumentException().isThrownBy(() -> new Orchestrator(profile(), null)
			.plan(Strategy.PROMPT_ONLY, PARTS.tokens(), PARTS, 0, new LatencySlo(15.0, null)));
		assertThatIllegalArgumentException().isThrownBy(() -> new Orchestrator(profile(), tiny)
			.plan(Strategy.PROMPT_ONLY, PARTS.tokens(), null, 0, new LatencySlo(15.0, null)));
	}

	@Test
	void elasticNeverPicksAPredictedMissWhenSomeCombinationFits() {
		LatencyProfile profile = profile();
		Orchestrator orchestrator = new Orchestrator(profile, tiny);
		SplittableRandom random = new SplittableRandom(4);
		int fitting = 0;
		for (int i = 0; i < 300; i++) {
			LatencySlo slo = new LatencySlo(5 + random.nextDouble() * 25, 3 + random.nextDouble() * 20);
			double queue = random.nextDouble() * 4;
			Orchestration plan = orchestrator.plan(Strategy.ELASTIC, PARTS.tokens(), PARTS, queue, slo);
			boolean wholeFits = queue + profile.predictTtftMs(8, PARTS.tokens().length) <= slo.ttftMs()
					&& profile.predictTpotMs(8) <= slo.tpotMs();
			assertThat(plan.proposedLevel() == null).as("the tiny model skipped").isEqualTo(wholeFits);
			boolean anyFits = false;
			for (double ratio : RATIOS) {
				int length = 20 + (int) Math.round(180 * PromptCompression.systemKeepShare(180, 10, ratio));
				for (int level = 0; level < 9; level++) {
					double ttft = queue + plan.tinyModelMs() + profile.predictTtftMs(level, length);
					anyFits |= ttft <= slo.ttftMs() && profile.predictTpotMs(level) <= slo.tpotMs();
				}
			}
			if (anyFits) {
				fitting++;
				assertThat(plan.meetsSlo()).as("SLO %s, queue %.2f ms", slo, queue).isTrue();
				assertThat(plan.predictedTtftMs()).isLessThanOrEqualTo(slo.ttftMs());
				assertThat(plan.predictedTpotMs()).isLessThanOrEqualTo(slo.tpotMs());
			}
		}
		assertThat(fitting).as("SLOs some combination fits").isBetween(50, 299);
	}

	@Test
	void elasticServesAFittingProposalsRatioAtTheLargestLevelThatFitsIt() {
		LatencyProfile profile = profile();
		Orchestrator upgrading = new Orchestrator(profile, tiny, Map.of(), Orchestrator.Policy.DEFAULT);
		Orchestrator published = new Orchestrator(profile, tiny, Map.of(),
				new Orchestrator.Policy(true, false, LatencyCalibration.DEFAULT_ATTAINMENT));
		SplittableRandom random = new SplittableRandom(6);
		int upgraded = 0;
		int asProposed = 0;
		for (int i = 0; i < 300; i++) {
			LatencySlo slo = new LatencySlo(5 + random.nextDouble() * 25, 3 + random.nextDouble() * 20);
			Orchestration plan = upgrading.plan(Strategy.ELASTIC, PARTS.tokens(), PARTS, 0, slo);
			if (plan.meetsSlo() && plan.proposedLevel() != null) {
				// no larger level fits at the ratio served
				int length = plan.promptTokens().length;
				for (int level = plan.level() + 1; level < 9; level++) {
					boolean fits = plan.tinyModelMs() + profile.predictTtftMs(level, length) <= slo.ttftMs()
							&& profile.predictTpotMs(level) <= slo.tpotMs();
					assertThat(fits).as("level %d at ratio %.1f, SLO %s", level, plan.promptRatio(), slo).isFalse();
				}
				upgraded += (plan.level() > levelOf(plan.proposedLevel())) ? 1 : 0;
			}
			Orchestration proposal = published.plan(Strategy.ELASTIC, PARTS.tokens(), PARTS, 0, slo);
			if (proposal.meetsSlo() && proposal.proposedRatio() != null
					&& proposal.promptRatio() == proposal.proposedRatio()
					&& proposal.level() == levelOf(proposal.proposedLevel())) {
				asProposed++;
			}
		}
		assertThat(upgraded).as("plans served above the proposed level").isPositive();
		assertThat(asProposed).as("proposals served as they are without upgrades").isPositive();
	}

	private static int levelOf(double share) {
		return (int) Math.round((share - 0.2) / 0.1);
	}

	@Test
	void elasticWithoutAnSloServesTheFullModelWithoutRunningTheTinyModel() {
		Orchestration plan = new Orchestrator(profile(), tiny).plan(Strategy.ELASTIC, PARTS.tokens(), PARTS, 1,
				LatencySlo.NONE);
		assertThat(plan.level()).isEqualTo(8);
		assertThat(plan.promptRatio()).isEqualTo(1.0);
		assertThat(plan.tinyModelMs()).isZero();
		// a text prompt has no system part to compress: the model dimension alone
		Orchestration text = new Orchestrator(profile(), tiny).plan(Strategy.ELASTIC, PARTS.tokens(), null, 1,
				new LatencySlo(20.0, 10.0));
		assertThat(text.promptRatio()).isEqualTo(1.0);
		assertThat(text.proposedLevel()).isNull();
	}

	@Test
	void elasticServesTheWholePromptAtTheFullLevelWithoutTheTinyModelWhenThatFits() {
		LatencyProfile profile = profile();
		double wholeTtft = profile.predictTtftMs(8, PARTS.tokens().length);
		Orchestration loose = new Orchestrator(profile, tiny).plan(Strategy.ELASTIC, PARTS.tokens(), PARTS, 1,
				new LatencySlo(wholeTtft + 1.5, 25.0));
		assertThat(loose.level()).isEqualTo(8);
		assertThat(loose.promptRatio()).isEqualTo(1.0);
		assertThat(loose.promptTokens()).isEqualTo(PARTS.tokens());
		assertThat(loose.tinyModelMs()).isZero();
		assertThat(loose.proposedLevel()).isNull();
		assertThat(loose.meetsSlo()).isTrue();
		// a millisecond less and the tiny model decides
		Orchestration tight = new Orchestrator(profile, tiny).plan(Strategy.ELASTIC, PARTS.tokens(), PARTS, 1,
				new LatencySlo(wholeTtft - 0.5, 25.0));
		assertThat(tight.tinyModelMs()).isPositive();
		assertThat(tight.proposedLevel()).isNotNull();
	}

	@Test
	void strategiesHaveTheirRequestNames() {
		assertThat(Strategy.of("model-only")).isEqualTo(Strategy.MODEL_ONLY);
		assertThat(Strategy.PROMPT_ONLY.id()).isEqualTo("prompt-only");
		assertThatIllegalArgumentException().isThrownBy(() -> Strategy.of("fastest"));
	}

	@Test
	void offTheShelfServesTheSmallerModelsFullLevelByItsOwnProfile() {
		LatencyProfile small = profile();
		Orchestration plan = new Orchestrator(profile(), tiny, Map.of(Strategy.OFF_THE_SHELF, small))
			.plan(Strategy.OFF_THE_SHELF, PARTS.tokens(), PARTS, 2, new LatencySlo(100.0, 100.0));
		assertThat(plan.strategy()).isEqualTo(Strategy.OFF_THE_SHELF);
		assertThat(plan.level()).isEqualTo(8);
		assertThat(plan.promptTokens()).isSameAs(PARTS.tokens());
		assertThat(plan.predictedTtftMs()).isEqualTo(2 + small.predictTtftMs(8, 200));
		assertThat(plan.meetsSlo()).isTrue();
		assertThatIllegalArgumentException().isThrownBy(() -> new Orchestrator(profile(), tiny)
			.plan(Strategy.OFF_THE_SHELF, PARTS.tokens(), PARTS, 0, LatencySlo.NONE));
	}

	@Test
	void layerDropServesTheLargestLevelOfItsLadderThatFits() {
		// TPOT 20 ms x share: 9 ms fits the levels of share 0.2 to 0.4
		Orchestrator orchestrator = new Orchestrator(profile(), tiny,
				Map.of(Strategy.LAYER_DROP, profile(), Strategy.ATTENTION_DROP, profile()));
		for (Strategy strategy : List.of(Strategy.LAYER_DROP, Strategy.ATTENTION_DROP)) {
			assertThat(strategy.ownModel()).isTrue();
			assertThat(orchestrator.serves(strategy)).isTrue();
			Orchestration plan = orchestrator.plan(strategy, PARTS.tokens(), PARTS, 0, new LatencySlo(null, 9.0));
			assertThat(plan.strategy()).isEqualTo(strategy);
			assertThat(plan.level()).isEqualTo(2);
			assertThat(plan.promptRatio()).isEqualTo(1.0);
			assertThat(plan.meetsSlo()).isTrue();
			// nothing fits: the smallest level, predicted to miss
			Orchestration miss = orchestrator.plan(strategy, PARTS.tokens(), PARTS, 0, new LatencySlo(null, 1.0));
			assertThat(miss.level()).isZero();
			assertThat(miss.meetsSlo()).isFalse();
		}
		assertThat(new Orchestrator(profile(), tiny).serves(Strategy.LAYER_DROP)).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> new Orchestrator(profile(), tiny)
			.plan(Strategy.LAYER_DROP, PARTS.tokens(), PARTS, 0, LatencySlo.NONE));
		assertThat(Strategy.of("attention-drop")).isEqualTo(Strategy.ATTENTION_DROP);
	}

}
