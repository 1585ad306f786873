package ai.elms.engine.text;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

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
	void encodesAsTheLibrarysFullEncodingDoes() throws IOException {
		// the shipped default's tokenizer: byte-level BPE with merges and added tokens
		Path shipped = Path.of("../inference-node/src/main/resources/default-model/tokenizer.json");
		List<String> texts = List.of("", " dog", "<|system|>\nYou pick the app.<|end|>\n<|user|>\nWarm the house up.",
				"Grüße, 世界! tabs\tand\nlines 🙂", "set_thermostat(temperature=\"19\")", "x".repeat(3000));
		try (Tokenizer tokenizer = Tokenizer.load(shipped);
				HuggingFaceTokenizer library = HuggingFaceTokenizer.newInstance(shipped,
						Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"))) {
			for (String text : texts) {
				long[] expected = library.encode(text, false, false).getIds();
				assertThat(tokenizer.encode(text)).as(text)
					.containsExactly(Arrays.stream(expected).mapToInt(Math::toIntExact).toArray());
			}
		}
	}

	@Test
	void encodesChatPromptsPieceByPieceAsTheLibraryEncodesThemWhole() throws IOException {
		Path shipped = Path.of("../inference-node/src/main/resources/default-model/tokenizer.json");
		String system = "You pick the app.\n\nApps:\n- Mail: write mail\n- Phone: make calls\n";
		List<String> texts = List.of("<|system|>\n" + system + "<|end|>\n<|user|>\nCall mum.<|end|>\n<|assistant|>\n",
				"<|system|>\n" + system + "<|end|>\n<|user|>\nMail Bob<|end|>\n<|assistant|>\n", "<|end|><|end|>",
				"a<|end|>", "<|end|>b", "<|sys<|system|>tem|>", "<|", "|> <|user", " <|user|> \n", "\n" + system);
		try (Tokenizer tokenizer = Tokenizer.load(shipped);
				HuggingFaceTokenizer library = HuggingFaceTokenizer.newInstance(shipped,
						Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"))) {
			for (int round = 0; round < 2; round++) {
				// the second round from the pieces kept
				for (String text : texts) {
					long[] expected = library.encode(text, false, false).getIds();
					assertThat(tokenizer.encode(text)).as(text)
						.containsExactly(Arrays.stream(expected).mapToInt(Math::toIntExact).toArray());
				}
			}
			assertThat(tokenizer.cachedPieces()).isGreaterThan(5);
		}
	}

	@Test
	void addedTokensThatStripSpacesAreLeftToTheLibrary() throws IOException {
		// "<|end|>" taking the spaces before it: the text is not split at it by this
		// class
		Path shipped = Path.of("../inference-node/src/main/resources/default-model/tokenizer.json");
		Path stripping = this.dir.resolve("tokenizer.json");
		Files.writeString(stripping, Files.readString(shipped)
			.replaceFirst("(\"content\": ?\"<\\|end\\|>\",[^}]*\"lstrip\": ?)false", "$1true"));
		assertThat(Files.readString(stripping)).isNotEqualTo(Files.readString(shipped));
		String text = "Call mum.   <|end|>\n";
		try (Tokenizer tokenizer = Tokenizer.load(stripping);
				Tokenizer plain = Tokenizer.load(shipped);
				HuggingFaceTokenizer library = HuggingFaceTokenizer.newInstance(stripping,
						Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"))) {
			long[] expected = library.encode(text, false, false).getIds();
			assertThat(tokenizer.encode(text))
				.containsExactly(Arrays.stream(expected).mapToInt(Math::toIntExact).toArray())
				.isNotEqualTo(plain.encode(text));
		}
	}

	@Test
	void aClosedTokenizerRefusesToEncode() throws IOException {
		Tokenizer tokenizer = tokenizer();
		tokenizer.close();
		assertThatIllegalStateException().isThrownBy(() -> tokenizer.encode("hi"));
	}

	@Test
	void filledVocabularyHasTheRequestedSize() {
		assertThat(ByteLevelVocabulary.filled(List.of("<|end|>"), 151936).size()).isEqualTo(151936);
	}

}
