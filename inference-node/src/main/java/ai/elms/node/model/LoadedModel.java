package ai.elms.node.model;

import java.time.Instant;

import ai.elms.engine.ElasticEngine;
import ai.elms.engine.profile.LatencyProfile;
import ai.elms.engine.TinyModel;
import ai.elms.engine.orchestration.Orchestration;
import ai.elms.engine.orchestration.Orchestrator;
import ai.elms.engine.orchestration.Strategy;

/**
 * The package being served, ready for requests.
 *
 * @param name the model id served to OpenAI clients (the manifest's name)
 * @param engine the opened engine
 * @param profile its latency profile on this device
 * @param tinyModel the package's tiny model (prompt compression and the elastic
 * strategy's proposals), or null without one
 * @param offTheShelf the smaller model of the off-the-shelf strategy (its full level
 * only), or null
 * @param orchestrator chooses each request's level and prompt ratio over that profile
 * @param loadedAt when it became ready
 */
public record LoadedModel(String name, ElasticEngine engine, LatencyProfile profile, TinyModel tinyModel,
		ElasticEngine offTheShelf, Orchestrator orchestrator, Instant loadedAt) {

	/** The engine that serves a choice: the smaller model's for off-the-shelf. */
	public ElasticEngine engineOf(Orchestration plan) {
		return (plan.strategy() == Strategy.OFF_THE_SHELF) ? this.offTheShelf : this.engine;
	}

	/** Identifies the package that answered, as OpenAI's {@code system_fingerprint}. */
	public String fingerprint() {
		return "elms-" + this.engine.packageHash().substring(0, 12);
	}

}
