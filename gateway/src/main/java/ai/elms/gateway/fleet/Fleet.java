package ai.elms.gateway.fleet;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.elms.engine.profile.LatencyProfile;
import ai.elms.gateway.config.GatewayProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The fleet: the nodes of the settings and those registered through the admin API (kept
 * in the database, so every gateway on it sees them), each polled for readiness, latency
 * profile and queue.
 */
@Component
public class Fleet implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(Fleet.class);

	/**
	 * Polls between two readings of a node's profile (it changes only when it restarts).
	 */
	private static final int PROFILE_EVERY = 10;

	private static final Pattern QUEUE_GAUGE = Pattern
		.compile("(?m)^elms_num_requests_(?:waiting|running)(?:\\{[^}]*})?\\s+([0-9.eE+-]+)");

	private final GatewayProperties properties;

	private final RegisteredNodeRepository registered;

	private final NodeClient client;

	private final CircuitBreakerConfig breakerConfig;

	private final Map<URI, FleetNode> nodes = new ConcurrentHashMap<>();

	private final Set<String> allowedHosts = new LinkedHashSet<>();

	private volatile Disposable polling;

	private long polls;

	Fleet(GatewayProperties properties, RegisteredNodeRepository registered, NodeClient client) {
		this.properties = properties;
		this.registered = registered;
		this.client = client;
		GatewayProperties.Breaker breaker = properties.breaker();
		this.breakerConfig = CircuitBreakerConfig.custom()
			.failureRateThreshold(breaker.failureRate())
			.slidingWindowSize(breaker.window())
			.minimumNumberOfCalls(Math.min(breaker.window(), 3))
			.waitDurationInOpenState(breaker.openFor())
			.permittedNumberOfCallsInHalfOpenState(1)
			.build();
		this.allowedHosts.addAll(properties.nodeHosts());
		for (URI url : properties.nodes()) {
			URI checked = NodeUrls.check(url.toString(), List.of(url.getHost()));
			this.allowedHosts.add(checked.getHost());
			add(checked, false);
		}
	}

	/** Every node, available or not, in URL order. */
	public List<FleetNode> nodes() {
		List<FleetNode> list = new ArrayList<>(this.nodes.values());
		list.sort(Comparator.comparing((FleetNode n) -> n.url().toString()));
		return list;
	}

	/** The node at a base URL, if the fleet has it. */
	public FleetNode node(URI url) {
		return this.nodes.get(url);
	}

	/**
	 * Registers a node: its URL is checked ({@link NodeUrls}), it must answer as an ELMS
	 * node (its latency profile), and it is kept in the database.
	 * @return the node, or an error: IllegalArgumentException for a refused URL or a URL
	 * that is not a node
	 */
	public Mono<FleetNode> register(String url) {
		URI checked;
		try {
			checked = NodeUrls.check(url, this.allowedHosts);
		}
		catch (IllegalArgumentException ex) {
			return Mono.error(ex);
		}
		return profile(checked)
			.onErrorMap((ex) -> new IllegalArgumentException(checked
					+ " does not answer as an ELMS inference node (GET /v1/elastic/profile): " + ex.getMessage()))
			.flatMap((profile) -> Mono.fromCallable(() -> {
				if (this.registered.findByUrl(checked.toString()).isEmpty()) {
					this.registered
						.save(new RegisteredNode(UUID.randomUUID().toString(), checked.toString(), Instant.now()));
				}
				return checked;
			}).subscribeOn(Schedulers.boundedElastic()))
			.map((u) -> add(u, true))
			.flatMap((node) -> poll(node, true).thenReturn(node));
	}

	private FleetNode add(URI url, boolean registered) {
		return this.nodes.computeIfAbsent(url, (u) -> {
			CircuitBreaker breaker = CircuitBreaker.of(u.toString(), this.breakerConfig);
			breaker.getEventPublisher()
				.onStateTransition(
						(event) -> logger.warn("Node {}: circuit breaker {}", u, event.getStateTransition()));
			return new FleetNode(u, registered, breaker);
		});
	}

	@Override
	public void start() {
		Duration interval = this.properties.polling().interval();
		this.polling = Flux.interval(Duration.ZERO, interval)
			.onBackpressureDrop()
			.concatMap((tick) -> pollAll(), 1)
			.subscribe();
	}

	@Override
	public void stop() {
		Disposable running = this.polling;
		if (running != null) {
			running.dispose();
		}
	}

	@Override
	public boolean isRunning() {
		Disposable running = this.polling;
		return running != null && !running.isDisposed();
	}

	/** Polls every node once (and picks up nodes other gateways registered). */
	public Mono<Void> pollAll() {
		boolean withProfile = (this.polls++ % PROFILE_EVERY) == 0;
		return Mono.fromCallable(this.registered::findAll)
			.subscribeOn(Schedulers.boundedElastic())
			.doOnNext((rows) -> rows.forEach((row) -> add(URI.create(row.url()), true)))
			.onErrorResume((ex) -> {
				logger.warn("Reading the registered nodes failed: {}", ex.getMessage());
				return Mono.empty();
			})
			.thenMany(Flux.fromIterable(this.nodes.values()))
			.flatMap((node) -> poll(node, withProfile))
			.then();
	}

	private Mono<Void> poll(FleetNode node, boolean withProfile) {
		Duration timeout = this.properties.polling().timeout();
		Mono<Boolean> ready = this.client.get(node.url().resolve("/actuator/health/readiness"), timeout)
			.map(NodeClient.Answer::ok)
			.onErrorReturn(false);
		return ready.flatMap((isReady) -> {
			if (!isReady) {
				node.polled(false, null, 0, "not ready (GET /actuator/health/readiness)");
				return Mono.empty();
			}
			boolean slow = withProfile || node.profile() == null;
			Mono<LatencyProfile> profile = slow
					? profile(node.url()).timeout(timeout).onErrorResume((ex) -> Mono.empty()) : Mono.empty();
			Mono<Void> models = slow ? this.client.get(node.url().resolve("/v1/models"), timeout)
				.map((answer) -> answer.json(tools.jackson.databind.JsonNode.class))
				.doOnNext((list) -> node.servesModels(list.path("data").findValuesAsString("id")))
				.onErrorResume((ex) -> Mono.empty())
				.then() : Mono.empty();
			Mono<Integer> queued = this.client.get(node.url().resolve("/actuator/prometheus"), timeout)
				.map((answer) -> answer.ok() ? queued(answer.body()) : 0)
				.onErrorReturn(0)
				.defaultIfEmpty(0);
			return models
				.then(Mono.zip(profile.map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty()), queued))
				.doOnNext((polled) -> {
					LatencyProfile p = polled.getT1().orElse(null);
					boolean hasProfile = p != null || node.profile() != null;
					node.polled(true, p, polled.getT2(), hasProfile ? null : "no latency profile yet");
				})
				.then();
		});
	}

	private Mono<LatencyProfile> profile(URI url) {
		return this.client.get(url.resolve("/v1/elastic/profile"), this.properties.polling().timeout())
			.map((answer) -> answer.json(LatencyProfile.class));
	}

	/** Requests waiting plus running, from the node's Prometheus text. */
	static int queued(String prometheus) {
		Matcher matcher = QUEUE_GAUGE.matcher(prometheus);
		double total = 0;
		while (matcher.find()) {
			total += Double.parseDouble(matcher.group(1));
		}
		return (int) Math.round(total);
	}

}
