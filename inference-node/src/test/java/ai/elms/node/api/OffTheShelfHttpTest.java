package ai.elms.node.api;

import java.util.List;
import java.util.Map;

import ai.elms.node.NodeHttpTest;
import ai.elms.node.TestPackage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code elms.off-the-shelf}, the node serves a smaller model beside the elastic
 * one.
 */
class OffTheShelfHttpTest extends NodeHttpTest {

	@DynamicPropertySource
	static void smallModel(DynamicPropertyRegistry registry) {
		registry.add("elms.off-the-shelf", () -> TestPackage.smallDirectory().toString());
	}

	@Test
	void offTheShelfServesTheSmallerModelAtItsFullLevel() {
		Map<String, Object> body = Map.of("messages", List.of(userMessage("Hello")), "max_tokens", 3, "temperature", 0,
				"strategy", "off-the-shelf", "slo", Map.of("ttft_ms", 60_000, "tpot_ms", 60_000));
		JsonNode response = post("/v1/chat/completions", body, 200);
		JsonNode elastic = response.get("elastic");
		assertThat(elastic.get("strategy").asString()).isEqualTo("off-the-shelf");
		assertThat(elastic.get("model_level").asDouble()).isEqualTo(1.0);
		assertThat(elastic.get("prompt_ratio").asDouble()).isEqualTo(1.0);
		assertThat(elastic.get("predicted_slo_met").asBoolean()).isTrue();
		// the elastic model still serves the other strategies, from the same node
		JsonNode elasticModel = post("/v1/chat/completions", StreamingHttpTest.with(body, "strategy", "full"), 200);
		assertThat(elasticModel.get("elastic").get("strategy").asString()).isEqualTo("full");
		assertThat(elasticModel.get("choices").get(0).get("message").get("content").asString())
			.isNotEqualTo(response.get("choices").get(0).get("message").get("content").asString());
	}

}
