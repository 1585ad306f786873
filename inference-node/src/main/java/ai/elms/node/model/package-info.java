/**
 * The served model: unpacks the embedded default package (or takes {@code elms.model}),
 * opens it with the engine and gets its latency profile, in the background after start;
 * reports the state to the health endpoint's readiness group.
 */
package ai.elms.node.model;
