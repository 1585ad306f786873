package ai.elms.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import ai.elms.engine.tlm.TinyModelConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
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
	void theLongestPromptFitsThePositions() {
		TinyPrediction prediction = model.predict(new int[CONFIG.maxLength()], 1, 1);
		assertThat(prediction.keepLogits()).hasSize(CONFIG.maxLength());
	}

}
