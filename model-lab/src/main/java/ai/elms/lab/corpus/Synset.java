package ai.elms.lab.corpus;

import java.util.List;

/**
 * One WordNet synset: a set of synonymous words and their shared meaning.
 *
 * @param id part of speech and offset
 * @param lemmas the words, most frequent sense first as WordNet lists them, underscores
 * written as spaces, adjective position markers such as {@code (a)} removed
 * @param hypernyms more general synsets, instance hypernyms included
 * @param usageDomains usage domains ({@code ;u} pointers), e.g. obscenity or slang
 * @param definition the gloss without its quoted examples
 * @param examples the gloss's quoted example sentences
 */
public record Synset(SynsetId id, List<String> lemmas, List<SynsetId> hypernyms, List<SynsetId> usageDomains,
		String definition, List<String> examples) {

	public PartOfSpeech pos() {
		return this.id.pos();
	}

}
