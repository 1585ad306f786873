package ai.elms.engine.orchestration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PromptPartsTest {

	/**
	 * Markers 1-3, system 10 11 12, an earlier user turn 20 21, the last user turn 20 21.
	 */
	static final int[] PROMPT = { 1, 10, 11, 12, 2, 20, 21, 3, 9, 2, 20, 21, 3 };

	@Test
	void findsTheSystemPartAndTheLastUserTurn() {
		PromptParts parts = PromptParts.locate(PROMPT, new int[] { 10, 11, 12 }, new int[] { 20, 21 });
		assertThat(parts.system()).containsExactly(10, 11, 12);
		assertThat(parts.userStart()).isEqualTo(10);
		assertThat(parts.content()).containsExactly(10, 11, 12, 20, 21);
		// only the system part changes
		assertThat(parts.withSystem(new int[] { 11 })).containsExactly(1, 11, 2, 20, 21, 3, 9, 2, 20, 21, 3);
		assertThat(parts.withSystem(new int[0])).containsExactly(1, 2, 20, 21, 3, 9, 2, 20, 21, 3);
	}

	@Test
	void refusesPartsThatAreNotThere() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PromptParts.locate(PROMPT, new int[] { 10, 12 }, new int[] { 20 }));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> PromptParts.locate(PROMPT, new int[] { 20, 21 }, new int[] { 10 }));
		assertThatIllegalArgumentException().isThrownBy(() -> new PromptParts(PROMPT, 5, 3, 6, 7));
	}

}
