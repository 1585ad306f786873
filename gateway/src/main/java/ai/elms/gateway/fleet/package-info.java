/**
 * The fleet of inference nodes: who they are, whether they are ready, their latency
 * profiles and queues, their circuit breakers.
 */
package ai.elms.gateway.fleet;
