package ai.elms.engine.text;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class TokenizerTest {

	@TempDir
	Path dir;

	private Tokenizer tokenizer() throws IOException {
		Path file = this.dir.resolve("tokenizer.json");
		ByteLevelVocabulary.filled(List.of("<|end|>"), 400).write(file);
		return Tokenizer.load(file);
	}

	@Test
	void byteLevelVocabularyEncodesAnyTextAndDecodesItBack() throws IOException {
		try (Tokenizer tokenizer = tokenizer()) {
			String text = "Grüße, 世界! tabs\tand\nlines 🙂";
			int[] ids = tokenizer.encode(text);
			assertThat(java.util.Arrays.stream(ids).max().getAsInt()).isLessThan(256);
			assertThat(tokenizer.decode(ids, 0, ids.length)).isEqualTo(text);
		}
	}

	@Test
	void specialTokensAreSingleIdsAndLeftOutOfDecodedText() throws IOException {
		try (Tokenizer tokenizer = tokenizer()) {
			assertThat(tokenizer.tokenId("<|end|>")).isEqualTo(256);
			int[] ids = tokenizer.encode("hi<|end|>");
			assertThat(ids).containsExactly('h', 'i', 256);
			assertThat(tokenizer.decode(ids, 0, ids.length)).isEqualTo("hi");
		}
	}

	@Test
	void incrementalDecoderReleasesMultiByteCharactersWhole() throws IOException {
		try (Tokenizer tokenizer = tokenizer()) {
			String text = "a€b🙂";
			int[] ids = tokenizer.encode(text);
			IncrementalDecoder decoder = new IncrementalDecoder(tokenizer);
			StringBuilder out = new StringBuilder();
			for (int id : ids) {
				String piece = decoder.add(id);
				assertThat(piece).doesNotContain("\uFFFD");
				out.append(piece);
			}
			assertThat(out).hasToString(text);
		}
	}

	@Test
	void filledVocabularyHasTheRequestedSize() {
		assertThat(ByteLevelVocabulary.filled(List.of("<|end|>"), 151936).size()).isEqualTo(151936);
	}

}
