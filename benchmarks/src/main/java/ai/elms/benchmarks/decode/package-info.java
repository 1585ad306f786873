/**
 * Decode speed of the engine against a bare loop over the same ONNX Runtime session, and
 * against the memory-bandwidth limit of this machine.
 */
package ai.elms.benchmarks.decode;
