/**
 * What a node's first requests after its start cost, against the requests after them.
 */
package ai.elms.benchmarks.startup;
