/**
 * What the gateway costs, against calling a node directly and against nginx.
 */
package ai.elms.benchmarks.gateway;
