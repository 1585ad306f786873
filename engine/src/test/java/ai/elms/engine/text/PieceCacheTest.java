package ai.elms.engine.text;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PieceCacheTest {

	@Test
	void keepsAtMostItsCharactersTheLeastRecentlyUsedGoingFirst() {
		PieceCache cache = new PieceCache(10);
		cache.put("aaaa", new int[] { 1 });
		cache.put("bbbb", new int[] { 2 });
		assertThat(cache.get("aaaa")).containsExactly(1);
		cache.put("cccc", new int[] { 3 });
		assertThat(cache.get("bbbb")).isNull();
		assertThat(cache.get("aaaa")).containsExactly(1);
		assertThat(cache.get("cccc")).containsExactly(3);
		assertThat(cache.size()).isEqualTo(2);
	}

	@Test
	void aTextLongerThanTheCacheIsNotKept() {
		PieceCache cache = new PieceCache(10);
		cache.put("aaaa", new int[] { 1 });
		cache.put("x".repeat(11), new int[] { 2 });
		assertThat(cache.get("x".repeat(11))).isNull();
		assertThat(cache.get("aaaa")).containsExactly(1);
	}

}
