package ai.elms.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import ai.elms.engine.orchestration.Orchestrator;
import ai.elms.engine.orchestration.PromptParts;
import ai.elms.engine.orchestration.Strategy;
import ai.elms.engine.profile.DeviceIdentity;
import ai.elms.engine.profile.LatencyProfile;
import ai.elms.engine.profile.LatencySlo;
import ai.elms.engine.tlm.TinyModelConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TinyModelTest {

	static final TinyModelConfig CONFIG = new TinyModelConfig(16, 2, 1, 1, 24, 300, 64, 11,
			List.of(1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1), 9, 1e-5);

	@TempDir
	static Path dir;

	static TinyModel model;

	@BeforeAll
	static void open() throws IOException {
		TinyModel.write(dir, CONFIG, CONFIG.randomWeights(3));
		assertThat(TinyModel.exists(dir)).isTrue();
		model = TinyModel.open(dir, 1);
	}

	@AfterAll
	static void close() throws Exception {
		model.close();
	}

	@Test
	void scoresEveryPromptTokenAndProposesARatioAndALevel() {
		int[] prompt = { 5, 17, 260, 3, 99, 42, 7 };
		TinyPrediction prediction = model.predict(prompt, 4, 7);
		assertThat(prediction.keepLogits()).hasSize(prompt.length);
		assertThat(prediction.ratioLogits()).hasSize(10);
		assertThat(prediction.levelLogits()).hasSize(9);
		assertThat(prediction.ratioClass()).isBetween(0, 9);
		assertThat(prediction.levelClass()).isBetween(0, 8);
		TinyPrediction again = model.predict(prompt, 4, 7);
		assertThat(again.keepLogits()).containsExactly(prediction.keepLogits());
		// the SLO tokens reach both heads
		TinyPrediction otherSlo = model.predict(prompt, 0, 10);
		assertThat(otherSlo.levelLogits()).isNotEqualTo(prediction.levelLogits());
		assertThat(otherSlo.keepLogits()).isNotEqualTo(prediction.keepLogits());
		// attention is bidirectional: a later token changes an earlier token's score
		int[] changed = prompt.clone();
		changed[prompt.length - 1] = 8;
		assertThat(model.predict(changed, 4, 7).keepLogits()[0]).isNotEqualTo(prediction.keepLogits()[0]);
	}

	@Test
	void refusesWhatItCannotScore() {
		assertThatIllegalArgumentException().isThrownBy(() -> model.predict(new int[0], 0, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> model.predict(new int[65], 0, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> model.predict(new int[] { 300 }, 0, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> model.predict(new int[] { 1 }, 11, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> model.predict(new int[] { 1 }, 0, -1));
	}

	@Test
	void readsAnAppsSystemPartOnceForTheSamePredictions(@TempDir Path blocked) throws Exception {
		TinyModelConfig config = new TinyModelConfig(16, 2, 0, 1, 24, 300, 64, 11, CONFIG.ratios(), 9, 1e-5, 8);
		assertThat(config.reusesPrefix()).isTrue();
		assertThat(CONFIG.reusesPrefix()).isFalse();
		TinyModel.write(blocked, config, config.randomWeights(4));
		SplittableRandom random = new SplittableRandom(6);
		int[] system = random.ints(21, 0, 300).toArray();
		try (TinyModel tiny = TinyModel.open(blocked, 1)) {
			// opening ran the graph at the longest length and after a block, keeping
			// nothing
			assertThat(tiny.blocksKept()).isZero();
			for (int request = 0; request < 3; request++) {
				// a new user message each time, two SLOs
				int[] prompt = IntStream.concat(Arrays.stream(system), random.ints(5 + request, 0, 300)).toArray();
				for (int[] slo : new int[][] { { 2, 9 }, { 7, 1 } }) {
					TinyPrediction afresh = tiny.predict(prompt, slo[0], slo[1]);
					TinyPrediction reused = tiny.predict(prompt, system.length, slo[0], slo[1]);
					assertThat(reused.keepLogits()).hasSize(prompt.length);
					assertClose(reused.keepLogits(), afresh.keepLogits());
					assertClose(reused.ratioLogits(), afresh.ratioLogits());
					assertClose(reused.levelLogits(), afresh.levelLogits());
				}
			}
			// the system part's two whole blocks, kept once for both SLOs
			assertThat(tiny.blocksKept()).isEqualTo(2);
			// another system part with the same first block: that block is reused
			int[] other = system.clone();
			other[12] = (other[12] + 1) % 300;
			int[] otherPrompt = Arrays.copyOf(other, other.length + 4);
			assertClose(tiny.predict(otherPrompt, other.length, 2, 9).keepLogits(),
					tiny.predict(otherPrompt, 2, 9).keepLogits());
			assertThat(tiny.blocksKept()).isEqualTo(3);
			assertClose(tiny.predict(otherPrompt, other.length, 2, 9).levelLogits(),
					tiny.predict(otherPrompt, 2, 9).levelLogits());
			// a prompt no longer than a block, or whose system part is, reuses nothing
			int[] shortPrompt = Arrays.copyOf(system, 8);
			assertClose(tiny.predict(shortPrompt, 8, 1, 1).keepLogits(), tiny.predict(shortPrompt, 1, 1).keepLogits());
			assertThat(tiny.blocksKept()).isEqualTo(3);
		}
		assertThat(model.blocksKept()).isZero();
	}

	@Test
	void theOrchestratorLetsItReuseTheSystemPart(@TempDir Path blocked) throws Exception {
		TinyModelConfig config = new TinyModelConfig(16, 2, 0, 1, 24, 300, 256, 11, CONFIG.ratios(), 9, 1e-5, 8);
		TinyModel.write(blocked, config, config.randomWeights(4));
		List<ElasticLevel> levels = new ArrayList<>();
		List<List<Double>> ttft = new ArrayList<>();
		List<Double> tpot = new ArrayList<>();
		for (int i = 0; i < 9; i++) {
			levels.add(new ElasticLevel(i, 0.2 + 0.1 * i, 1000L * (i + 1)));
			ttft.add(List.of(5.0 + i, 50.0 + 10 * i));
			tpot.add(2.0 + i);
		}
		LatencyProfile profile = new LatencyProfile(new DeviceIdentity("cpu", 2), "hash", 1, levels, List.of(16, 1024),
				ttft, tpot, Instant.EPOCH);
		SplittableRandom random = new SplittableRandom(9);
		int[] system = random.ints(180, 0, 300).toArray();
		try (TinyModel tiny = TinyModel.open(blocked, 1)) {
			Orchestrator orchestrator = new Orchestrator(profile, tiny);
			for (int request = 0; request < 2; request++) {
				// template tokens, the system part, more template tokens, a new user
				// message
				int[] tokens = IntStream
					.concat(IntStream.concat(IntStream.of(1, 2), Arrays.stream(system)), random.ints(12, 0, 300))
					.toArray();
				PromptParts parts = new PromptParts(tokens, 2, 182, 184, 194);
				orchestrator.plan(Strategy.PROMPT_ONLY, tokens, parts, 0, new LatencySlo(20.0, null));
				// the system part's 22 whole blocks of 8, kept by the first request
				assertThat(tiny.blocksKept()).isEqualTo(180 / 8);
			}
		}
	}

	private static void assertClose(float[] actual, float[] expected) {
		assertThat(actual).hasSameSizeAs(expected);
		for (int i = 0; i < actual.length; i++) {
			assertThat(actual[i]).as("logit %d", i).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-4f));
		}
	}

	@Test
	void itsWeightsReadBackFromItsGraph(@TempDir Path blocked) throws IOException {
		assertThat(TinyModel.weights(dir)).usingRecursiveComparison().isEqualTo(CONFIG.randomWeights(3));
		// no shared layers, attention in blocks, a prefix-reusing graph
		TinyModelConfig config = new TinyModelConfig(16, 2, 0, 2, 24, 300, 64, 11, CONFIG.ratios(), 9, 1e-5, 8);
		Map<String, float[]> weights = config.randomWeights(5);
		TinyModel.write(blocked, config, weights);
		Map<String, float[]> read = TinyModel.weights(blocked);
		assertThat(read.keySet()).containsExactlyElementsOf(config.shapes().keySet());
		weights.forEach((name, values) -> assertThat(read.get(name)).as(name).containsExactly(values));
	}

	@Test
	void refusesToReadWeightsOfAnotherShape(@TempDir Path other) throws IOException {
		TinyModel.write(other, CONFIG, CONFIG.randomWeights(3));
		TinyModelConfig wider = new TinyModelConfig(32, 2, 1, 1, 24, 300, 64, 11, CONFIG.ratios(), 9, 1e-5);
		TinyModel.write(other.resolve("wider"), wider, wider.randomWeights(3));
		Files.copy(other.resolve("wider").resolve(TinyModel.CONFIG_FILE), other.resolve(TinyModel.CONFIG_FILE),
				StandardCopyOption.REPLACE_EXISTING);
		assertThatIOException().isThrownBy(() -> TinyModel.weights(other)).withMessageContaining("tlm.onnx");
	}

	@Test
	void theLongestPromptFitsThePositions() {
		TinyPrediction prediction = model.predict(new int[CONFIG.maxLength()], 1, 1);
		assertThat(prediction.keepLogits()).hasSize(CONFIG.maxLength());
	}

}
