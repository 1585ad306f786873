/** What tokenizing a prompt costs a request, against the LLM's TTFT on it. */
package ai.elms.benchmarks.tokenize;
