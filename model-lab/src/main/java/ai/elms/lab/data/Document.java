package ai.elms.lab.data;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One document of the pre-training corpus, a line of {@code corpus.jsonl}.
 *
 * @param source where it comes from: wordnet, gcide, jargon, bible or fortunes
 * @param text cleaned text, paragraphs separated by a blank line
 */
public record Document(@JsonProperty("source") String source, @JsonProperty("text") String text) {
}
