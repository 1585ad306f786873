package ai.elms.node.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import ai.elms.engine.ChatMessage;
import ai.elms.engine.ElasticEngine;
import ai.elms.engine.TinyModel;
import ai.elms.engine.orchestration.Orchestration;
import ai.elms.engine.orchestration.Orchestrator;
import ai.elms.engine.orchestration.PromptParts;
import ai.elms.engine.orchestration.Strategy;
import ai.elms.engine.profile.LatencyProfile;

/**
 * The package being served, ready for requests.
 *
 * @param name the model id served to OpenAI clients (the manifest's name)
 * @param engine the opened engine
 * @param profile its latency profile on this device
 * @param tinyModel the package's tiny model (prompt compression and the elastic
 * strategy's proposals), or null without one
 * @param ownModels the engines of the strategies with a model of their own
 * ({@link Strategy#ownModel()}) that this node serves: the smaller model of
 * off-the-shelf, the package's layer-drop, attention-drop and layer-collapse ladders
 * @param orchestrator chooses each request's level and prompt ratio over that profile
 * @param loadedAt when it became ready
 */
public record LoadedModel(String name, ElasticEngine engine, LatencyProfile profile, TinyModel tinyModel,
		Map<Strategy, ElasticEngine> ownModels, Orchestrator orchestrator, Instant loadedAt) {

	public LoadedModel {
		ownModels = Map.copyOf(ownModels);
	}

	/**
	 * The engine that serves a choice: the strategy's own model, else the elastic one.
	 */
	public ElasticEngine engineOf(Orchestration plan) {
		return this.ownModels.getOrDefault(plan.strategy(), this.engine);
	}

	/**
	 * Where a chat prompt's system part (a leading system message) and user part (the
	 * last user message) lie, the parts compression works on; null when it has no such
	 * parts, or when the chat template does not keep them apart (served uncompressed).
	 */
	public PromptParts partsOf(int[] prompt, List<ChatMessage> messages) {
		if (messages.size() < 2 || !"system".equals(messages.get(0).role())) {
			return null;
		}
		ChatMessage user = messages.get(messages.size() - 1);
		if (!"user".equals(user.role()) || messages.get(0).content().isEmpty() || user.content().isEmpty()) {
			return null;
		}
		try {
			return PromptParts.locate(prompt, this.engine.encode(messages.get(0).content()),
					this.engine.encode(user.content()));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	/** Identifies the package that answered, as OpenAI's {@code system_fingerprint}. */
	public String fingerprint() {
		return "elms-" + this.engine.packageHash().substring(0, 12);
	}

}
