/**
 * The elastic dimension over HTTP: the latency profile the orchestrator plans with. The
 * planner itself lives in the engine ({@code ai.elms.engine.profile}), usable without
 * Spring.
 */
package ai.elms.node.elastic;
