package ai.elms.engine.text;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LeadStripperTest {

	@Test
	void takesTheLeadOffTheFirstPiece() {
		LeadStripper stripper = new LeadStripper(" ");
		assertThat(stripper.add(" dog")).isEqualTo("dog");
		assertThat(stripper.add(" barks")).isEqualTo(" barks");
		assertThat(stripper.flush()).isEmpty();
	}

	@Test
	void holdsTextBackWhileItCouldStillBeTheLead() {
		LeadStripper stripper = new LeadStripper("A: ");
		assertThat(stripper.add("A")).isEmpty();
		assertThat(stripper.add(":")).isEmpty();
		assertThat(stripper.add(" yes")).isEqualTo("yes");
	}

	@Test
	void releasesAnAnswerWithoutTheLeadWhole() {
		LeadStripper stripper = new LeadStripper("A: ");
		assertThat(stripper.add("A")).isEmpty();
		assertThat(stripper.add("h, no")).isEqualTo("Ah, no");
		assertThat(new LeadStripper(" ").add("dog")).isEqualTo("dog");
	}

	@Test
	void anAnswerThatIsOnlyTheLeadIsEmpty() {
		LeadStripper stripper = new LeadStripper(" ");
		assertThat(stripper.add(" ")).isEmpty();
		assertThat(stripper.flush()).isEmpty();
		LeadStripper partial = new LeadStripper("A: ");
		assertThat(partial.add("A")).isEmpty();
		assertThat(partial.flush()).isEmpty();
	}

	@Test
	void anEmptyLeadPassesEverything() {
		LeadStripper stripper = new LeadStripper("");
		assertThat(stripper.add(" dog")).isEqualTo(" dog");
		assertThat(stripper.flush()).isEmpty();
	}

}
