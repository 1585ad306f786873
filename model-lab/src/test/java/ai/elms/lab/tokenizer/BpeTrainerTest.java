package ai.elms.lab.tokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;

import ai.elms.engine.text.Tokenizer;
import ai.elms.lab.Fixtures;
import ai.elms.lab.Progress;
import ai.elms.lab.corpus.Corpora;
import ai.elms.lab.corpus.DictdDatabase.Entry;
import ai.elms.lab.corpus.FortuneFiles.Fortune;
import ai.elms.lab.corpus.KingJamesBible.Verse;
import ai.elms.lab.corpus.Synset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class BpeTrainerTest {

	static final List<String> SPECIAL = TokenizerCommand.SPECIAL_TOKENS;

	@TempDir
	Path dir;

	@Test
	void mergesTheMostFrequentPairFirst() {
		// " hug" x3, " pug" x2, "hug", " hugs": (u, g) occurs 7 times, (h, ug) 5, (Ġ,
		// hug) 4
		BytePairEncoding bpe = BpeTrainer.train(List.of("hug hug hug hug pug pug pun bun hugs"), 256 + 4 + 3, SPECIAL,
				Progress.none());

		assertThat(bpe.merges()).containsExactly("u g", "h ug", "\u0120 hug");
		assertThat(bpe.encode(" hug hugs")).containsExactly(256 + 4 + 2, 256 + 4 + 2, 's');
		assertThat(bpe.encode("<|user|>hug<|end|>")).containsExactly(258, 256 + 4 + 1, 256);
	}

	@Test
	void stopsWhenNoPairOccursTwice() {
		BytePairEncoding bpe = BpeTrainer.train(List.of("abcd"), 4096, SPECIAL, Progress.none());
		assertThat(bpe.merges()).isEmpty();
		assertThat(bpe.size()).isEqualTo(260);
	}

	@Test
	void everyMergeMakesANewToken() {
		Random random = new Random(3);
		List<String> texts = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			StringBuilder word = new StringBuilder();
			for (int n = 1 + random.nextInt(8); n > 0; n--) {
				word.append("ab".charAt(random.nextInt(2)));
			}
			texts.add(word.toString());
		}
		BytePairEncoding bpe = BpeTrainer.train(texts, 400, SPECIAL, Progress.none());

		List<String> merged = bpe.merges().stream().map((m) -> m.replace(" ", "")).toList();
		assertThat(new HashSet<>(merged)).hasSameSizeAs(merged);
		assertThat(bpe.size()).isEqualTo(256 + SPECIAL.size() + merged.size());
	}

	@Test
	void theEnginesTokenizerEncodesWithTheseMergesExactlyAsTheTrainer() throws IOException {
		List<String> corpus = fixtureTexts();
		BytePairEncoding bpe = BpeTrainer.train(corpus, 1000, SPECIAL, Progress.none());
		Path file = this.dir.resolve("tokenizer.json");
		bpe.write(file);

		List<String> texts = new ArrayList<>(corpus);
		texts.addAll(List.of("", " ", "   leading and trailing   ", "tabs\tand\nnew\r\nlines\n\n",
				"don't I'LL we've they'd", "1234567 3.14159 ½ ²", "Grüße, 世界! naïve café", "emoji 🙂🙂 and ZWJ 👩‍💻",
				"non\u00a0breaking\u2003em\u3000ideographic\u0085next",
				"<|system|>\nBe brief.<|end|>\n<|user|>\nHi<|end|>\n<|assistant|>\n", "<|end|><|end|>x<|end",
				"a<|user|>b <|assistant|> c"));
		try (Tokenizer engine = Tokenizer.load(file)) {
			for (String text : texts) {
				int[] ids = bpe.encode(text);
				assertThat(engine.encode(text)).as(text).containsExactly(ids);
				assertThat(bpe.decode(ids)).isEqualTo(text);
				if (SPECIAL.stream().noneMatch(text::contains)) {
					assertThat(engine.decode(ids, 0, ids.length)).isEqualTo(text);
				}
			}
			assertThat(engine.tokenId("<|end|>")).isEqualTo(256);
			assertThat(engine.tokenId("<|assistant|>")).isEqualTo(259);
		}
		assertThat(bpe.vocabulary().size()).isEqualTo(1000);
	}

	private static List<String> fixtureTexts() throws IOException {
		Corpora corpora = Corpora.read(Fixtures.sources(), () -> {
		});
		List<String> texts = new ArrayList<>();
		corpora.wordnet().synsets().stream().map(Synset::definition).forEach(texts::add);
		corpora.gcide().stream().map(Entry::text).forEach(texts::add);
		corpora.jargon().stream().map(Entry::text).forEach(texts::add);
		corpora.bible().stream().map(Verse::text).forEach(texts::add);
		corpora.fortunes().stream().map(Fortune::text).forEach(texts::add);
		return texts;
	}

}
