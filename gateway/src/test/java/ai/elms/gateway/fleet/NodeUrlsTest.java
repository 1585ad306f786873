package ai.elms.gateway.fleet;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class NodeUrlsTest {

	@Test
	void aNodeUrlIsSchemeHostAndPortOfAnAllowedHost() {
		assertThat(NodeUrls.check("http://LOCALHOST:8080/", List.of())).hasToString("http://localhost:8080");
		assertThat(NodeUrls.check("https://node-3.fleet.internal", List.of("*.fleet.internal")))
			.hasToString("https://node-3.fleet.internal:443");
		assertThat(NodeUrls.check("http://10.0.0.7:8080", List.of("10.0.0.7"))).hasToString("http://10.0.0.7:8080");
		for (String refused : List.of("file:///etc/passwd", "gopher://127.0.0.1:70", "http://fleet.internal:80",
				"http://evil.com:80", "http://10.0.0.8:8080", "http://127.0.0.1:8080/x", "http://a@127.0.0.1:8080",
				"http://127.0.0.1:8080#f", "http://:8080", "")) {
			assertThatIllegalArgumentException().as(refused)
				.isThrownBy(() -> NodeUrls.check(refused, List.of("*.fleet.internal", "10.0.0.7")));
		}
	}

	@Test
	void theQueueIsReadFromTheNodesPrometheusText() {
		String text = """
				# HELP elms_num_requests_waiting Requests waiting in the queue
				elms_num_requests_waiting 3.0
				elms_num_requests_running{application="inference-node"} 1.0
				vllm:num_requests_waiting 3.0
				""";
		assertThat(Fleet.queued(text)).isEqualTo(4);
		assertThat(Fleet.queued("")).isZero();
	}

}
