package ai.elms.engine.tlm;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PromptCompressionTest {

	@Test
	void theSystemPartAloneGivesUpTheTokensTheRatioCuts() {
		// 90 system + 10 user tokens at ratio 0.5: 50 tokens in all, the user's 10 kept
		assertThat(PromptCompression.systemKeepShare(90, 10, 0.5)).isEqualTo(40 / 90.0);
		assertThat(PromptCompression.systemKeepShare(90, 10, 1.0)).isEqualTo(1.0);
		// a ratio below the user's share drops the whole system part, never the user's
		assertThat(PromptCompression.systemKeepShare(90, 10, 0.05)).isZero();
		assertThat(PromptCompression.systemKeepShare(0, 10, 0.3)).isEqualTo(1.0);
		assertThatIllegalArgumentException().isThrownBy(() -> PromptCompression.systemKeepShare(9, 1, 0));
		assertThatIllegalArgumentException().isThrownBy(() -> PromptCompression.systemKeepShare(9, 1, 1.5));
	}

	@Test
	void keepsTheHighestScoredTokensInTheirOrder() {
		int[] tokens = { 10, 11, 12, 13, 14, 15 };
		float[] scores = { 0.1f, 3f, -1f, 2f, 2f, 0.5f };
		assertThat(PromptCompression.keep(tokens, scores, 0.5)).containsExactly(11, 13, 14);
		assertThat(PromptCompression.keep(tokens, scores, 1.0)).containsExactly(tokens);
		assertThat(PromptCompression.keep(tokens, scores, 0.0)).isEmpty();
		// ties go to the earlier token
		assertThat(PromptCompression.keep(tokens, scores, 2 / 6.0)).containsExactly(11, 13);
		assertThatIllegalArgumentException().isThrownBy(() -> PromptCompression.keep(tokens, new float[2], 0.5));
	}

}
