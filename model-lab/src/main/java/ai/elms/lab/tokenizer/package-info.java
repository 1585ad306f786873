/**
 * The tokenizer step: a byte-level BPE trained in Java (GPT-2's pre-tokenization, merges
 * learned from pair counts over word frequencies), written as a Hugging Face
 * {@code tokenizer.json} through the engine's
 * {@link ai.elms.engine.text.ByteLevelVocabulary}.
 */
package ai.elms.lab.tokenizer;
