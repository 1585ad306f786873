package ai.elms.node.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import ai.elms.engine.pack.PackageGenerator;
import ai.elms.engine.pack.PackageShape;
import ai.elms.node.NodeHttpTest;
import ai.elms.node.TestPackage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An off-the-shelf model with a context shorter than the prompt the node warms its
 * serving path with: the node still gets ready, and serves it the prompts that fit.
 */
class OffTheShelfShortContextHttpTest extends NodeHttpTest {

	@DynamicPropertySource
	static void smallModel(DynamicPropertyRegistry registry) {
		registry.add("elms.off-the-shelf", () -> shortContextPackage().toString());
	}

	private static Path shortContextPackage() {
		try {
			Path dir = Files.createTempDirectory("elms-short-context");
			PackageGenerator.generate(dir,
					new PackageShape("elms-test-short", 32, 1, 2, 1, 16, 64, TestPackage.SHAPE.vocabSize(), 64, true),
					8);
			return dir;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Test
	void servesTheShortModelThePromptsThatFit() {
		Map<String, Object> body = Map.of("messages", List.of(userMessage("Hi")), "max_tokens", 2, "temperature", 0,
				"strategy", "off-the-shelf");
		JsonNode response = post("/v1/chat/completions", body, 200);
		assertThat(response.get("elastic").get("strategy").asString()).isEqualTo("off-the-shelf");
		assertThat(response.get("usage").get("completion_tokens").asInt()).isBetween(1, 2);
	}

}
