package ai.elms.lab.corpus;

import java.io.IOException;
import java.util.List;

import ai.elms.lab.corpus.DictdDatabase.Entry;
import ai.elms.lab.corpus.FortuneFiles.Fortune;
import ai.elms.lab.corpus.KingJamesBible.Verse;

/**
 * Every corpus, read.
 *
 * @param wordnet WordNet 3.0
 * @param bible the King James Bible, verse by verse
 * @param fortunes fortune cookies of every installed collection
 * @param gcide entries of the Collaborative International Dictionary of English
 * @param jargon entries of the Jargon File
 */
public record Corpora(WordNet wordnet, List<Verse> bible, List<Fortune> fortunes, List<Entry> gcide,
		List<Entry> jargon) {

	/** Reads every source; {@code afterEach} runs once per source read (5 in all). */
	public static Corpora read(CorpusSources sources, Runnable afterEach) throws IOException {
		WordNet wordnet = WordNet.read(sources.wordnet());
		afterEach.run();
		List<Verse> bible = KingJamesBible.read(sources.bible());
		afterEach.run();
		List<Fortune> fortunes = FortuneFiles.read(sources.fortunes());
		afterEach.run();
		List<Entry> gcide = DictdDatabase.read(sources.gcide());
		afterEach.run();
		List<Entry> jargon = DictdDatabase.read(sources.jargon());
		afterEach.run();
		return new Corpora(wordnet, bible, fortunes, gcide, jargon);
	}

}
