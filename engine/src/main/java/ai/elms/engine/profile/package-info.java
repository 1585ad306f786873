/**
 * The latency profile of a package on a device and the orchestrator of the model
 * dimension: TTFT per (level, prompt-length bucket) and TPOT per level, measured once and
 * cached, then used to choose for each request the largest level that meets its SLO.
 * Usable without Spring.
 */
package ai.elms.engine.profile;
