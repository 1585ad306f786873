package ai.elms.node.api;

import ai.elms.node.NodeHttpTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class ModelsAndProfileHttpTest extends NodeHttpTest {

	@Test
	void listsServedModelInOpenAiShape() {
		JsonNode list = get("/v1/models", 200);
		assertThat(list.get("object").asString()).isEqualTo("list");
		assertThat(list.get("data")).hasSize(1);
		JsonNode model = list.get("data").get(0);
		assertThat(model.get("id").asString()).isEqualTo("elms-test");
		assertThat(model.get("object").asString()).isEqualTo("model");
		assertThat(model.get("created").asLong()).isPositive();
		assertThat(model.get("owned_by").asString()).isEqualTo("elms");
	}

	@Test
	void retrievesServedModelById() {
		assertThat(get("/v1/models/elms-test", 200).get("id").asString()).isEqualTo("elms-test");
	}

	@Test
	void returnsLatencyProfileWithLevels() {
		JsonNode profile = get("/v1/elastic/profile", 200);
		assertThat(profile.get("device").get("cpu_model").asString()).isNotBlank();
		assertThat(profile.get("device").get("cores").asInt()).isPositive();
		assertThat(profile.get("package_hash").asString()).hasSize(64);
		assertThat(profile.get("threads").asInt()).isEqualTo(1);
		assertThat(profile.get("measured_at").asString()).matches("\\d{4}-\\d{2}-\\d{2}T.*Z");
		JsonNode levels = profile.get("levels");
		assertThat(levels).hasSize(9);
		assertThat(levels.get(0).get("index").asInt()).isZero();
		assertThat(levels.get(0).get("share").asDouble()).isEqualTo(0.2);
		assertThat(levels.get(8).get("share").asDouble()).isEqualTo(1.0);
		assertThat(levels.get(8).get("parameters").asLong()).isGreaterThan(levels.get(0).get("parameters").asLong());
		assertThat(profile.get("buckets")).hasSize(2);
		assertThat(profile.get("buckets").get(0).asInt()).isEqualTo(16);
		assertThat(profile.get("ttft_ms")).hasSize(9).allSatisfy((row) -> {
			assertThat(row).hasSize(2);
			row.forEach((ms) -> assertThat(ms.asDouble()).isPositive());
		});
		assertThat(profile.get("tpot_ms")).hasSize(9).allSatisfy((ms) -> assertThat(ms.asDouble()).isPositive());
	}

}
