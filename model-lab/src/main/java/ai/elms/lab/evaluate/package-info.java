/**
 * {@code model-lab evaluate}: accuracy per task and level on a split, through the
 * inference node's engine (ONNX Runtime), never through PyTorch.
 */
package ai.elms.lab.evaluate;
