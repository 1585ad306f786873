/**
 * The format of the dual-head tiny model (TLM) that makes the prompt elastic: its config
 * (a small bidirectional encoder over the prompt with a score head, keep or drop each
 * token, and a decision head, prompt ratio and model level for the request's SLO) and
 * weight names. {@link ai.elms.engine.TinyModel} runs it.
 */
package ai.elms.engine.tlm;
