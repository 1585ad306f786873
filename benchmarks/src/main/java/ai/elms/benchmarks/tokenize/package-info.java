/**
 * What tokenizing a chat request costs, with a new and with a repeated system prompt,
 * against the LLM's TTFT on it.
 */
package ai.elms.benchmarks.tokenize;
