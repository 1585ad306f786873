package ai.elms.lab.corpus;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import ai.elms.lab.Fixtures;
import ai.elms.lab.corpus.DictdDatabase.Entry;
import ai.elms.lab.corpus.FortuneFiles.Fortune;
import ai.elms.lab.corpus.KingJamesBible.Verse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class CorpusReadersTest {

	private final CorpusSources sources = Fixtures.sources();

	@Test
	void wordNetReadsLemmasHypernymsGlossesAndSenseOrder() throws IOException {
		WordNet wordnet = WordNet.read(this.sources.wordnet());
		Synset dog = wordnet.synset(SynsetId.parse("n:02084071"));

		assertThat(dog.lemmas()).containsExactly("dog", "domestic dog", "Canis familiaris");
		assertThat(dog.definition()).startsWith("a member of the genus Canis").doesNotContain("barked");
		assertThat(dog.examples()).containsExactly("the dog barked all night");
		assertThat(dog.hypernyms()).extracting(SynsetId::toString).containsExactly("n:02083346", "n:01317541");
		assertThat(wordnet.synset(dog.hypernyms().get(0)).lemmas()).startsWith("canine");
		assertThat(wordnet.hyponyms(dog.hypernyms().get(0))).contains(dog.id());
		assertThat(wordnet.senseRank(dog.id(), "Dog")).isZero();
		assertThat(wordnet.tagCount(PartOfSpeech.NOUN, "dog")).isPositive();
		assertThat(wordnet.synsets(PartOfSpeech.ADJECTIVE)).isNotEmpty()
			.allMatch((s) -> s.pos() == PartOfSpeech.ADJECTIVE);
	}

	@Test
	void wordNetDropsPointersToSynsetsThatAreNotInTheFiles() throws IOException {
		WordNet wordnet = WordNet.read(this.sources.wordnet());
		assertThat(wordnet.synsets())
			.allSatisfy((s) -> assertThat(s.hypernyms()).allMatch((h) -> wordnet.synset(h) != null));
	}

	@Test
	void bibleDecompressesEveryBlockAndNamesBooksInCanonicalOrder() throws IOException {
		List<Verse> verses = KingJamesBible.read(this.sources.bible());

		assertThat(verses.get(0))
			.isEqualTo(new Verse("Genesis", 1, 1, "In the beginning God created the heaven and the earth."));
		assertThat(verses).extracting(Verse::book).containsOnly("Genesis", "Exodus");
		assertThat(verses).extracting(Verse::reference).contains("Genesis 11:31", "Exodus 31:2");
		assertThat(verses.get(verses.size() - 1).text()).endsWith("and in scarlet, and fine linen.");
	}

	@Test
	void dictdEntriesComeWholeInFileOrderWithoutTheDatabaseInfo() throws IOException {
		List<Entry> gcide = DictdDatabase.read(this.sources.gcide());

		assertThat(gcide).extracting(Entry::headword).containsExactly("Abjure", "Ablation", "Dog", "Lamp", "Whisper");
		assertThat(gcide.get(0).text())
			.isEqualTo("Abjure \\Ab*jure\"\\, v. i.\n   To renounce on oath. --Bp. Burnet.\n   [1913 Webster]\n");
		assertThat(DictdDatabase.read(this.sources.jargon())).extracting(Entry::headword)
			.containsExactly("foo", "hacker", "kludge");
	}

	@Test
	void dictdNumbersAreBase64MostSignificantDigitFirst() {
		assertThat(DictdDatabase.decode("A")).isZero();
		assertThat(DictdDatabase.decode("BA")).isEqualTo(64);
		assertThat(DictdDatabase.decode("C/h")).isEqualTo(2 * 64 * 64 + 63 * 64 + 33);
	}

	@Test
	void fortunesAreSplitAtPercentLinesCollectionByCollection() throws IOException {
		List<Fortune> fortunes = FortuneFiles.read(this.sources.fortunes());

		assertThat(fortunes).extracting(Fortune::collection).containsOnly("ascii-art", "fortunes", "wisdom");
		assertThat(fortunes).filteredOn((f) -> f.collection().equals("fortunes")).hasSize(10);
		assertThat(fortunes.get(fortunes.size() - 1)).isEqualTo(new Fortune("wisdom", "Whatever you do, do it well."));
	}

	@Test
	void missingPackagesAreNamed(@TempDir Path empty) {
		assertThat(new CorpusSources(empty).missingPackages()).containsExactly("wordnet-base", "bible-kjv-text",
				"fortunes-min", "fortunes", "dict-gcide", "dict-jargon");
		assertThat(this.sources.missingPackages()).isEmpty();
	}

}
