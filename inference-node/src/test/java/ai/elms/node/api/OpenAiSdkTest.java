package ai.elms.node.api;

import java.util.List;
import java.util.stream.Collectors;

import ai.elms.node.NodeHttpTest;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.Completion;
import com.openai.models.completions.CompletionCreateParams;
import com.openai.models.models.Model;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The official OpenAI Java SDK as a real client of the node. */
class OpenAiSdkTest extends NodeHttpTest {

	private OpenAIClient openAi;

	@BeforeEach
	void openAi() {
		this.openAi = OpenAIOkHttpClient.builder()
			.baseUrl("http://localhost:" + this.port + "/v1")
			.apiKey("not-needed")
			.maxRetries(0)
			.build();
	}

	@AfterEach
	void close() {
		this.openAi.close();
	}

	@Test
	void createsChatCompletion() {
		ChatCompletion completion = this.openAi.chat()
			.completions()
			.create(ChatCompletionCreateParams.builder()
				.model(ChatModel.GPT_4O_MINI)
				.addSystemMessage("Be brief.")
				.addUserMessage("Hello")
				.maxCompletionTokens(5)
				.temperature(0.0)
				.build());
		assertThat(completion.model()).isEqualTo("elms-test");
		assertThat(completion.choices()).hasSize(1);
		assertThat(completion.choices().get(0).message().content())
			.hasValueSatisfying((text) -> assertThat(text).isNotEmpty());
		assertThat(completion.choices().get(0).finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.LENGTH);
		assertThat(completion.usage()).hasValueSatisfying((usage) -> assertThat(usage.completionTokens()).isEqualTo(5));
		assertThat(completion._additionalProperties()).containsKeys("elastic", "timings");
	}

	@Test
	void streamsChatCompletion() {
		ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
			.model("elms-test")
			.addUserMessage("Hello")
			.maxCompletionTokens(6)
			.temperature(0.0)
			.build();
		ChatCompletionCreateParams streamParams = params.toBuilder()
			.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
			.build();
		List<ChatCompletionChunk> chunks;
		try (StreamResponse<ChatCompletionChunk> stream = this.openAi.chat()
			.completions()
			.createStreaming(streamParams)) {
			chunks = stream.stream().toList();
		}
		String streamed = chunks.stream()
			.flatMap((chunk) -> chunk.choices().stream())
			.map((choice) -> choice.delta().content().orElse(""))
			.collect(Collectors.joining());
		String whole = this.openAi.chat()
			.completions()
			.create(params)
			.choices()
			.get(0)
			.message()
			.content()
			.orElseThrow();
		assertThat(streamed).isEqualTo(whole);
		ChatCompletionChunk last = chunks.get(chunks.size() - 1);
		assertThat(last.choices()).isEmpty();
		assertThat(last.usage()).hasValueSatisfying((usage) -> assertThat(usage.completionTokens()).isEqualTo(6));
		assertThat(chunks.get(chunks.size() - 2).choices().get(0).finishReason())
			.contains(ChatCompletionChunk.Choice.FinishReason.LENGTH);
	}

	@Test
	void createsCompletion() {
		Completion completion = this.openAi.completions()
			.create(CompletionCreateParams.builder()
				.model("elms-test")
				.prompt("Hello")
				.maxTokens(4)
				.temperature(0.0)
				.build());
		assertThat(completion.choices()).hasSize(1);
		assertThat(completion.choices().get(0).text()).isNotEmpty();
		assertThat(completion.usage()).hasValueSatisfying((usage) -> assertThat(usage.completionTokens()).isEqualTo(4));
	}

	@Test
	void listsModels() {
		List<Model> models = this.openAi.models().list().data();
		assertThat(models).extracting(Model::id).containsExactly("elms-test");
		assertThat(this.openAi.models().retrieve("elms-test").ownedBy()).isEqualTo("elms");
	}

	@Test
	void surfacesInvalidRequestAsBadRequest() {
		assertThatExceptionOfType(BadRequestException.class)
			.isThrownBy(() -> this.openAi.chat()
				.completions()
				.create(ChatCompletionCreateParams.builder()
					.model("elms-test")
					.addUserMessage("Hello")
					.temperature(5.0)
					.build()))
			.satisfies((error) -> assertThat(error.getMessage()).contains("temperature"));
	}

}
