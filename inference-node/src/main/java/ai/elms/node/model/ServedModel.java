package ai.elms.node.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import ai.elms.engine.ElasticEngine;
import ai.elms.engine.EngineOptions;
import ai.elms.engine.TinyModel;
import ai.elms.engine.orchestration.Orchestrator;
import ai.elms.engine.orchestration.Strategy;
import ai.elms.engine.pack.LayerCollapse;
import ai.elms.engine.pack.LayerDrop;
import ai.elms.engine.profile.DeviceIdentity;
import ai.elms.engine.profile.LatencyProfile;
import ai.elms.engine.profile.LatencyProfiler;
import ai.elms.engine.profile.ProfileCache;
import ai.elms.engine.profile.ProfilerOptions;
import ai.elms.node.config.ElmsProperties;
import ai.onnxruntime.OrtException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The model this node serves. Loading (unpacking, opening every level, measuring or
 * reading the latency profile) runs on its own thread after start so that the server
 * answers at once: 503 and readiness down until it is done. A package that cannot be
 * loaded leaves the node broken (liveness down), so that an orchestrator restarts it.
 */
@Component
public class ServedModel implements SmartLifecycle {

	/**
	 * Starts before the scheduler and stops after it, so no request runs on a closed
	 * engine.
	 */
	public static final int PHASE = 0;

	private static final Logger logger = LoggerFactory.getLogger(ServedModel.class);

	private final ElmsProperties properties;

	private final ApplicationEventPublisher events;

	private volatile State state = State.STOPPED;

	private volatile LoadedModel loaded;

	private volatile String failure;

	private Thread loader;

	private boolean applicationReady;

	ServedModel(ElmsProperties properties, ApplicationEventPublisher events) {
		this.properties = properties;
		this.events = events;
	}

	/** The lifecycle of the served model. */
	public enum State {

		/** Unpacking, opening or profiling. */
		LOADING,
		/** Serving. */
		READY,
		/** The package could not be loaded. */
		FAILED,
		/** Not started, or stopped. */
		STOPPED

	}

	/** The model, or a {@link ModelNotReadyException} saying why there is none. */
	public LoadedModel require() {
		LoadedModel model = this.loaded;
		if (model == null) {
			throw new ModelNotReadyException(switch (this.state) {
				case LOADING -> "the model is loading, retry shortly";
				case FAILED -> "the model failed to load: " + this.failure;
				default -> "the node is not serving";
			});
		}
		return model;
	}

	/** The model when it serves. */
	public Optional<LoadedModel> current() {
		return Optional.ofNullable(this.loaded);
	}

	public State state() {
		return this.state;
	}

	public Optional<String> failure() {
		return Optional.ofNullable(this.failure);
	}

	@Override
	public synchronized void start() {
		this.state = State.LOADING;
		if (this.applicationReady) {
			startLoading();
		}
	}

	/**
	 * Loading starts once the application has started, so that a failure (liveness
	 * broken) comes after Spring Boot has declared the application live. A restart of
	 * this lifecycle (a stopped and started context) loads again at once.
	 */
	@EventListener(ApplicationReadyEvent.class)
	synchronized void applicationReady() {
		this.applicationReady = true;
		startLoading();
	}

	private void startLoading() {
		if (this.state == State.LOADING && this.loader == null) {
			this.loader = new Thread(this::load, "elms-model-loader");
			this.loader.setDaemon(true);
			this.loader.start();
		}
	}

	private void load() {
		ElasticEngine engine = null;
		TinyModel tiny = null;
		Map<Strategy, ElasticEngine> ownModels = new EnumMap<>(Strategy.class);
		try {
			Path packageDir = (this.properties.model() != null) ? this.properties.model()
					: EmbeddedPackage.unpack(this.properties.cacheDir().resolve("packages"));
			logger.info("Opening the elastic package in {}", packageDir);
			engine = ElasticEngine.open(packageDir,
					new EngineOptions(this.properties.threads(), this.properties.levels(), null, false));
			LatencyProfile profile = profiler(engine)
				.loadOrMeasure(new ProfileCache(this.properties.profileCacheDir()));
			tiny = openTinyModel(packageDir, engine);
			if (this.properties.offTheShelf() != null) {
				ownModels.put(Strategy.OFF_THE_SHELF, openOffTheShelf(packageDir, engine));
			}
			if (this.properties.baselines()) {
				for (String ladder : engine.manifest().baselines().keySet()) {
					Optional<Strategy> strategy = baselineStrategy(ladder);
					if (strategy.isPresent()) {
						logger.info("Opening the package's {} levels", ladder);
						ownModels.put(strategy.get(),
								ElasticEngine.open(packageDir,
										new EngineOptions(this.properties.threads(), List.of(), null, false)
											.withLadder(ladder)));
					}
				}
			}
			Map<Strategy, LatencyProfile> ownProfiles = new EnumMap<>(Strategy.class);
			for (Map.Entry<Strategy, ElasticEngine> own : ownModels.entrySet()) {
				ownProfiles.put(own.getKey(),
						profiler(own.getValue()).loadOrMeasure(new ProfileCache(this.properties.profileCacheDir())));
			}
			LoadedModel model = new LoadedModel(engine.manifest().name(), engine, profile, tiny, ownModels,
					new Orchestrator(profile, tiny, ownProfiles,
							new Orchestrator.Policy(this.properties.profile().calibrate(),
									this.properties.upgradeProposals(), this.properties.profile().attainment())),
					Instant.now());
			// the JVM compiles the serving path before the first request takes it
			ModelWarmingUp warmedUp = ServingWarmUp.run(model);
			try {
				if (warmedUp != null) {
					this.events.publishEvent(warmedUp);
				}
			}
			catch (RuntimeException ex) {
				logger.warn("Warming up the request path failed: {}", ex.getMessage());
			}
			synchronized (this) {
				if (this.state == State.LOADING) {
					this.loaded = model;
					this.state = State.READY;
					engine = null;
					tiny = null;
					ownModels.clear();
					logger.info("Serving {} with {} levels", this.loaded.name(), this.loaded.engine().levels().size());
				}
			}
		}
		catch (InterruptedException ex) {
			logger.info("Loading stopped");
		}
		catch (Exception ex) {
			fail(ex);
		}
		finally {
			if (engine != null) {
				engine.close();
			}
			closeQuietly(tiny);
			ownModels.values().forEach(ElasticEngine::close);
		}
	}

	/** The strategy that serves a baseline ladder of the package, if one does. */
	private static Optional<Strategy> baselineStrategy(String ladder) {
		return switch (ladder) {
			case LayerDrop.LAYERS -> Optional.of(Strategy.LAYER_DROP);
			case LayerDrop.ATTENTION -> Optional.of(Strategy.ATTENTION_DROP);
			case LayerCollapse.LADDER -> Optional.of(Strategy.LAYER_COLLAPSE);
			default -> Optional.empty();
		};
	}

	/**
	 * The smaller model of the off-the-shelf strategy, its full level only. Prompts and
	 * answer options are tokenized once, by the elastic package's tokenizer and chat
	 * template, so it must have the same.
	 */
	private ElasticEngine openOffTheShelf(Path elasticDir, ElasticEngine elastic) throws IOException {
		Path dir = this.properties.offTheShelf();
		logger.info("Opening the off-the-shelf package in {}", dir);
		ElasticEngine small = ElasticEngine.open(dir,
				new EngineOptions(this.properties.threads(), List.of(1.0), null, false));
		Path ownTokenizer = dir.resolve(small.manifest().tokenizer());
		Path elasticTokenizer = elasticDir.resolve(elastic.manifest().tokenizer());
		if (Files.mismatch(ownTokenizer, elasticTokenizer) != -1) {
			small.close();
			throw new IOException("the off-the-shelf package " + dir + " has another tokenizer than the elastic one");
		}
		if (!small.manifest().chatTemplate().equals(elastic.manifest().chatTemplate())) {
			small.close();
			throw new IOException(
					"the off-the-shelf package " + dir + " has another chat template than the elastic one");
		}
		return small;
	}

	/**
	 * The package's tiny model, when it has one that chooses among the levels served (all
	 * of the package's).
	 */
	private TinyModel openTinyModel(Path packageDir, ElasticEngine engine) throws IOException {
		if (!TinyModel.exists(packageDir)) {
			logger.info("The package has no tiny model: no prompt compression, elastic serves the model dimension");
			return null;
		}
		TinyModel tiny = TinyModel.open(packageDir, this.properties.threads());
		if (tiny.config().levels() != engine.levels().size()) {
			logger.warn("The tiny model chooses among {} levels, {} are served: it is not used", tiny.config().levels(),
					engine.levels().size());
			closeQuietly(tiny);
			return null;
		}
		return tiny;
	}

	private static void closeQuietly(TinyModel tiny) {
		if (tiny != null) {
			try {
				tiny.close();
			}
			catch (OrtException ex) {
				logger.warn("Closing the tiny model failed", ex);
			}
		}
	}

	private LatencyProfiler profiler(ElasticEngine engine) {
		ElmsProperties.Profile profile = this.properties.profile();
		return new LatencyProfiler(engine,
				new ProfilerOptions(profile.buckets(), profile.runs(), profile.decodeTokens()),
				DeviceIdentity.current(), engine.threads());
	}

	private void fail(Exception ex) {
		synchronized (this) {
			if (this.state != State.LOADING) {
				return;
			}
			this.failure = ex.getMessage();
			this.state = State.FAILED;
		}
		logger.error("The model failed to load", ex);
		AvailabilityChangeEvent.publish(this.events, this, LivenessState.BROKEN);
	}

	@Override
	public void stop() {
		Thread loading;
		synchronized (this) {
			this.state = State.STOPPED;
			loading = this.loader;
			this.loader = null;
		}
		if (loading != null) {
			loading.interrupt();
			try {
				loading.join(60_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		LoadedModel model;
		synchronized (this) {
			model = this.loaded;
			this.loaded = null;
		}
		if (model != null) {
			model.engine().close();
			closeQuietly(model.tinyModel());
			model.ownModels().values().forEach(ElasticEngine::close);
		}
	}

	@Override
	public boolean isRunning() {
		return this.state != State.STOPPED;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
