/**
 * Text around the model: the package's Hugging Face tokenizer, incremental detokenization
 * and stop strings.
 */
package ai.elms.engine.text;
