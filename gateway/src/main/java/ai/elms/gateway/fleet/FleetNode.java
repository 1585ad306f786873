package ai.elms.gateway.fleet;

import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import ai.elms.engine.profile.LatencyProfile;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * One inference node as the gateway sees it: what the last polls said (ready, latency
 * profile, queue) and what the gateway itself knows (requests it has in flight there, how
 * long they took, its circuit breaker). Thread-safe.
 */
public final class FleetNode {

	/** Weight of the latest request in the running estimate of a request's time. */
	private static final double SERVICE_WEIGHT = 0.2;

	private final URI url;

	private final boolean registered;

	private final CircuitBreaker breaker;

	private final AtomicInteger inFlight = new AtomicInteger();

	private volatile boolean ready;

	private volatile LatencyProfile profile;

	private volatile int queued;

	private volatile double serviceMs;

	private volatile String problem = "not polled yet";

	private volatile List<String> models = List.of();

	FleetNode(URI url, boolean registered, CircuitBreaker breaker) {
		this.url = url;
		this.registered = registered;
		this.breaker = breaker;
	}

	public URI url() {
		return this.url;
	}

	/** Whether it was registered through the admin API (else it is from the settings). */
	public boolean registered() {
		return this.registered;
	}

	public CircuitBreaker breaker() {
		return this.breaker;
	}

	/** Ready by its last poll, with a profile, and its breaker lets calls through. */
	public boolean available() {
		return this.ready && this.profile != null && this.breaker.getState() != CircuitBreaker.State.OPEN
				&& this.breaker.getState() != CircuitBreaker.State.FORCED_OPEN;
	}

	public boolean ready() {
		return this.ready;
	}

	public LatencyProfile profile() {
		return this.profile;
	}

	/**
	 * Requests ahead of a new one there: the node's own count (waiting and running, as
	 * last polled) or the gateway's in flight there, whichever is larger.
	 */
	public int load() {
		return Math.max(this.queued, this.inFlight.get());
	}

	/**
	 * Running estimate of how long one request holds the node, from the requests the
	 * gateway sent there; before the first, the profile's full level at 512 tokens and 64
	 * output tokens.
	 */
	public double serviceMs() {
		if (this.serviceMs > 0) {
			return this.serviceMs;
		}
		LatencyProfile p = this.profile;
		if (p == null) {
			return 0;
		}
		int full = p.levels().size() - 1;
		return p.predictTtftMs(full, 512) + 64 * p.predictTpotMs(full, 512);
	}

	/** The models it serves (its {@code /v1/models}), as last polled. */
	public List<String> models() {
		return this.models;
	}

	void servesModels(List<String> models) {
		this.models = List.copyOf(models);
	}

	/** Why it is not available, or null. */
	public String problem() {
		return this.problem;
	}

	/** A request is sent there. */
	public void started() {
		this.inFlight.incrementAndGet();
	}

	/** A request sent there ended, after this long (NaN when it did not complete). */
	public void finished(double ms) {
		this.inFlight.decrementAndGet();
		if (Double.isFinite(ms) && ms > 0) {
			double current = this.serviceMs;
			this.serviceMs = (current == 0) ? ms : (1 - SERVICE_WEIGHT) * current + SERVICE_WEIGHT * ms;
		}
	}

	void polled(boolean ready, LatencyProfile profile, int queued, String problem) {
		this.ready = ready;
		if (profile != null) {
			this.profile = profile;
		}
		this.queued = queued;
		this.problem = problem;
	}

}
