package ai.elms.node.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import ai.elms.node.NodeHttpTest;
import ai.elms.node.TestPackage;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Options and prompts are tokenized once, with the elastic package's chat template: an
 * off-the-shelf package whose answers open otherwise is refused, with the cause.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext
class OffTheShelfTemplateHttpTest {

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void offTheShelfWithoutAnswerLead(DynamicPropertyRegistry registry) {
		registry.add("elms.model", () -> TestPackage.directory().toString());
		registry.add("elms.cache-dir", () -> TestPackage.cacheDirectory().toString());
		String small = withoutAnswerLead(TestPackage.smallDirectory()).toString();
		registry.add("elms.off-the-shelf", () -> small);
	}

	private static Path withoutAnswerLead(Path small) {
		try {
			Path copy = TestPackage.newCacheDirectory().resolve("small-without-lead");
			Files.createDirectories(copy);
			try (Stream<Path> files = Files.list(small)) {
				for (Path file : files.toList()) {
					Files.copy(file, copy.resolve(file.getFileName()));
				}
			}
			Path manifest = copy.resolve("manifest.json");
			String json = Files.readString(manifest);
			String without = json.replaceAll(",\\s*\"answer_lead\"\\s*:\\s*\" \"", "");
			assertThat(without).isNotEqualTo(json);
			Files.writeString(manifest, without);
			return copy;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Test
	void refusesAnOffTheShelfPackageWithAnotherChatTemplate() {
		WebTestClient http = WebTestClient.bindToServer().baseUrl("http://localhost:" + this.port).build();
		// the elastic package loads and is profiled first
		assertThat(NodeHttpTest.awaitLoadFailure(http).get("message").asString()).contains("another chat template");
	}

}
