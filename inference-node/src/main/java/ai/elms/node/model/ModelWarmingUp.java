package ai.elms.node.model;

/**
 * Published on the loading thread when a model is loaded and warmed up in-process, right
 * before the node serves it: listeners may take the request path once more (they must
 * neither record what they serve nor fail). The node is not ready until they return.
 *
 * @param model the model about to be served
 */
public record ModelWarmingUp(LoadedModel model) {
}
