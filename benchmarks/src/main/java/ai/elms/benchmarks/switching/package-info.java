/**
 * Level switching overhead: time to first token right after a request at another level
 * against right after one at the same level.
 */
package ai.elms.benchmarks.switching;
