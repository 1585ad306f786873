package ai.elms.engine.text;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StopMatcherTest {

	@Test
	void releasesTextThatCannotStartAStopString() {
		StopMatcher matcher = new StopMatcher(List.of("END"));
		assertThat(matcher.add("hello ")).isEqualTo("hello ");
		assertThat(matcher.add("wor")).isEqualTo("wor");
		assertThat(matcher.stopped()).isFalse();
	}

	@Test
	void holdsBackAPossibleStartAndReleasesItWhenItIsNot() {
		StopMatcher matcher = new StopMatcher(List.of("END"));
		assertThat(matcher.add("abE")).isEqualTo("ab");
		assertThat(matcher.add("N")).isEmpty();
		assertThat(matcher.add("x")).isEqualTo("ENx");
	}

	@Test
	void stopsAcrossPiecesAndDropsTheStopString() {
		StopMatcher matcher = new StopMatcher(List.of("END", "\n\n"));
		assertThat(matcher.add("one E")).isEqualTo("one ");
		assertThat(matcher.add("ND two")).isEmpty();
		assertThat(matcher.stopped()).isTrue();
		assertThat(matcher.text()).isEqualTo("one ");
		assertThat(matcher.add("more")).isEmpty();
	}

	@Test
	void earliestStopWins() {
		StopMatcher matcher = new StopMatcher(List.of("cd", "b"));
		assertThat(matcher.add("abcd")).isEqualTo("a");
		assertThat(matcher.text()).isEqualTo("a");
	}

	@Test
	void flushReleasesHeldBackTextAtTheEnd() {
		StopMatcher matcher = new StopMatcher(List.of("stop"));
		assertThat(matcher.add("go st")).isEqualTo("go ");
		assertThat(matcher.flush()).isEqualTo("st");
		assertThat(matcher.text()).isEqualTo("go st");
	}

	@Test
	void withoutStopsEverythingIsReleased() {
		StopMatcher matcher = new StopMatcher(List.of());
		assertThat(matcher.add("abc")).isEqualTo("abc");
		assertThat(matcher.flush()).isEmpty();
	}

}
