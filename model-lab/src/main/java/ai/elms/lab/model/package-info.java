/**
 * The Llama-style decoder in DJL on the PyTorch engine: its parameters, held by the
 * engine's tensor names and in the package layout, and its forward pass, the same
 * function the engine's level graph computes.
 */
package ai.elms.lab.model;
