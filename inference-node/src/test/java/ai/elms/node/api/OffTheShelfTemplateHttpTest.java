package ai.elms.node.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import ai.elms.node.TestPackage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
		await().atMost(Duration.ofMinutes(3))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> http.get()
				.uri("/actuator/health/liveness")
				.exchange()
				.expectBody(String.class)
				.returnResult()
				.getStatus()
				.value() == 503);
		String body = http.post()
			.uri("/v1/chat/completions")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("messages", List.of(Map.of("role", "user", "content", "Hello"))))
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(JsonMapper.builder().build().readTree(body).get("error").get("message").asString())
			.contains("another chat template");
	}

}
