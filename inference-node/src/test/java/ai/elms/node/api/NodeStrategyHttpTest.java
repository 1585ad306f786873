package ai.elms.node.api;

import java.util.List;
import java.util.Map;

import ai.elms.node.NodeHttpTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code elms.strategy} is the strategy of requests that name none; without
 * {@code elms.baselines} the package's layer-drop ladders are not served.
 */
@TestPropertySource(properties = { "elms.strategy=full", "elms.baselines=false" })
class NodeStrategyHttpTest extends NodeHttpTest {

	@Test
	void requestsWithoutAStrategyGetTheNodes() {
		Map<String, Object> body = Map.of("messages", List.of(userMessage("Hello")), "max_tokens", 2, "slo",
				Map.of("ttft_ms", 0.001));
		JsonNode elastic = post("/v1/chat/completions", body, 200).get("elastic");
		assertThat(elastic.get("strategy").asString()).isEqualTo("full");
		assertThat(elastic.get("model_level").asDouble()).isEqualTo(1.0);
		JsonNode asked = post("/v1/chat/completions", StreamingHttpTest.with(body, "strategy", "model-only"), 200)
			.get("elastic");
		assertThat(asked.get("strategy").asString()).isEqualTo("model-only");
		assertThat(asked.get("model_level").asDouble()).isEqualTo(0.2);
		JsonNode refused = post("/v1/chat/completions", StreamingHttpTest.with(body, "strategy", "layer-drop"), 400)
			.get("error");
		assertThat(refused.get("param").asString()).isEqualTo("strategy");
		assertThat(refused.get("message").asString()).contains("elms.baselines");
	}

}
