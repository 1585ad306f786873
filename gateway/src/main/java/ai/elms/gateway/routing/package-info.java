/**
 * Where each request goes: the SLO-aware policy and the round-robin baseline.
 */
package ai.elms.gateway.routing;
