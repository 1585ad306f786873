/**
 * Elastification: importance of the permutation-consistent units (KV groups, FFN
 * neurons), anchor layers, the one-shot reordering and the nine prefix levels.
 */
package ai.elms.lab.elastic;
