package ai.elms.gateway.proxy;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RequestIdTest {

	@Test
	void idsAreUniqueAndInTimeOrder() throws InterruptedException {
		Set<String> ids = new HashSet<>();
		for (int i = 0; i < 100_000; i++) {
			ids.add(Forwarding.requestId());
		}
		assertThat(ids).hasSize(100_000).allMatch((id) -> id.matches("req-[0-9a-f]{32}"));
		String earlier = Forwarding.requestId();
		Thread.sleep(3);
		assertThat(Forwarding.requestId()).isGreaterThan(earlier);
	}

}
