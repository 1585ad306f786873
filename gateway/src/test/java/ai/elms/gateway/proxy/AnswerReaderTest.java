package ai.elms.gateway.proxy;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the record takes of a node's answer, however the answer is cut into pieces. */
class AnswerReaderTest {

	private static final String WHOLE = "{\"id\":\"c\",\"model\":\"elms-default\",\"choices\":[{\"index\":0,"
			+ "\"message\":{\"role\":\"assistant\",\"content\":\"caf\u00e9 \u2615 {\\\"usage\\\":1}\"}}],"
			+ "\"usage\":{\"prompt_tokens\":120,\"completion_tokens\":8,\"extra\":[1,2]},"
			+ "\"elastic\":{\"strategy\":\"elastic\",\"model_level\":0.8,\"prompt_ratio\":0.7},"
			+ "\"timings\":{\"queue_ms\":0.1,\"ttft_ms\":12.5,\"tpot_ms\":3.1,\"e2e_ms\":34.2}}";

	@Test
	void aWholeAnswerIsReadAtItsEndEvenCutInsideACharacter() {
		byte[] bytes = WHOLE.getBytes(StandardCharsets.UTF_8);
		for (int cut = 1; cut < bytes.length; cut += 7) {
			AnswerReader reader = new AnswerReader(false);
			reader.read(Unpooled.wrappedBuffer(bytes, 0, cut));
			reader.read(Unpooled.wrappedBuffer(bytes, cut, bytes.length - cut));
			reader.finish();
			assertThat(reader.model()).isEqualTo("elms-default");
			assertThat(reader.strategy()).isEqualTo("elastic");
			assertThat(reader.modelLevel()).isEqualTo(0.8);
			assertThat(reader.promptRatio()).isEqualTo(0.7);
			assertThat(reader.promptTokens()).isEqualTo(120);
			assertThat(reader.completionTokens()).isEqualTo(8);
			assertThat(reader.queueMs()).isEqualTo(0.1);
			assertThat(reader.ttftMs()).isEqualTo(12.5);
			assertThat(reader.tpotMs()).isEqualTo(3.1);
			assertThat(reader.e2eMs()).isEqualTo(34.2);
		}
	}

	@Test
	void aStreamIsReadEventByEventAndItsLastFiguresCount() {
		String stream = "data: {\"model\":\"elms-default\",\"choices\":[{\"delta\":{\"content\":\"He\"}}]}\n\n"
				+ "data: {\"choices\":[{\"delta\":{\"content\":\"llo\"}}],\"usage\":{\"completion_tokens\":1}}\n\n"
				+ "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2},"
				+ "\"timings\":{\"ttft_ms\":4.0,\"tpot_ms\":1.5,\"e2e_ms\":6.0}}\n\n" + "data: [DONE]\n\n";
		byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
		AnswerReader reader = new AnswerReader(true);
		for (int from = 0; from < bytes.length; from += 5) {
			reader.read(Unpooled.wrappedBuffer(bytes, from, Math.min(5, bytes.length - from)));
		}
		reader.finish();
		assertThat(reader.model()).isEqualTo("elms-default");
		assertThat(reader.promptTokens()).isEqualTo(9);
		assertThat(reader.completionTokens()).isEqualTo(2);
		assertThat(reader.ttftMs()).isEqualTo(4.0);
		assertThat(reader.queueMs()).isNull();
		assertThat(reader.modelLevel()).isNull();
	}

	@Test
	void anAnswerThatIsNotJsonRecordsNothing() {
		AnswerReader reader = new AnswerReader(false);
		reader.read(Unpooled.wrappedBuffer("<html>bad gateway</html>".getBytes(StandardCharsets.UTF_8)));
		reader.finish();
		assertThat(reader.model()).isNull();
		assertThat(reader.ttftMs()).isNull();
	}

}
