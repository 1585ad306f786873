/**
 * The OpenAI-compatible HTTP API: chat completions, completions and models, streaming as
 * server-sent events, with the ELMS extensions (a per-request SLO in, {@code elastic} and
 * {@code timings} out) and OpenAI's error shape for every failure.
 */
package ai.elms.node.api;
