package ai.elms.node.model;

import java.util.List;

import ai.elms.engine.ChatMessage;
import ai.elms.engine.profile.LatencySlo;

/**
 * Published on the loading thread when a model is loaded and its serving path warmed up
 * in-process, right before the node serves it: listeners may take the request path once
 * more (they must neither record what they serve nor fail). The node is not ready until
 * they return.
 *
 * @param model the model about to be served
 * @param chat the chat the serving path was warmed up on, one that fits the context
 * @param slo the tight SLO it was served under
 */
public record ModelWarmingUp(LoadedModel model, List<ChatMessage> chat, LatencySlo slo) {

	public ModelWarmingUp {
		chat = List.copyOf(chat);
	}

}
