/**
 * Scheduling on one device: admitted requests wait in a bounded queue ordered by deadline
 * (arrival plus TTFT SLO) and run, a configured number at a time, on dedicated worker
 * threads; each is served at the level the planner chooses at dispatch, when its queue
 * wait is known. Also the request metrics.
 */
package ai.elms.node.scheduling;
