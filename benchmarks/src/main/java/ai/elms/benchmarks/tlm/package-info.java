/** The tiny model's overhead: its time against the LLM's TTFT on the same prompt. */
package ai.elms.benchmarks.tlm;
