/**
 * The SLO orchestrator: per request, the model level and prompt ratio to serve at, by the
 * strategy asked for (the product's {@code elastic} and the baselines it is compared
 * with), checked against the latency profile measured on the device.
 */
package ai.elms.engine.orchestration;
