/**
 * The dual-head tiny model (TLM): the encoder in DJL, in the layout the engine's ONNX
 * graph of it reads.
 */
package ai.elms.lab.tlm;
