/**
 * Builds the ONNX graph of one elastic level from the manifest. Weights are declared as
 * external initializers and bound at session creation to prefix views of the shared
 * weight buffers.
 */
package ai.elms.engine.graph;
