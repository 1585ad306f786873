/** Picks the next token from the logits: greedy, or temperature and top-p with a seed. */
package ai.elms.engine.sampling;
