package ai.elms.gateway.fleet;

import java.net.URI;

import ai.elms.engine.profile.LatencyProfile;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/** Fleet nodes for the routing tests, in the state a poll leaves them. */
public final class FleetNodes {

	private FleetNodes() {
	}

	public static FleetNode ready(String url, LatencyProfile profile) {
		FleetNode node = new FleetNode(URI.create(url), false, CircuitBreaker.ofDefaults(url));
		node.polled(true, profile, 0, null);
		return node;
	}

}
