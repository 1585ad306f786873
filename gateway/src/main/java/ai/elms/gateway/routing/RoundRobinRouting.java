package ai.elms.gateway.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import ai.elms.engine.profile.LatencyProfile;
import ai.elms.gateway.fleet.FleetNode;

/**
 * The baseline: each request to the next node in turn, whatever its SLO; the others
 * follow in turn as fallbacks. Predictions are the full level's, for the records.
 */
public final class RoundRobinRouting implements RoutingPolicy {

	private final AtomicLong next = new AtomicLong();

	@Override
	public String name() {
		return "round-robin";
	}

	@Override
	public List<Route> routes(RouteRequest request, List<FleetNode> available) {
		if (available.isEmpty()) {
			return List.of();
		}
		int start = (int) Math.floorMod(this.next.getAndIncrement(), (long) available.size());
		List<Route> routes = new ArrayList<>(available.size());
		for (int i = 0; i < available.size(); i++) {
			FleetNode node = available.get((start + i) % available.size());
			LatencyProfile profile = node.profile();
			int full = profile.levels().size() - 1;
			double ttft = node.load() * node.serviceMs() + profile.predictTtftMs(full, request.promptTokens());
			double tpot = profile.predictTpotMs(full, request.promptTokens());
			routes.add(new Route(node, 1.0, ttft, tpot, SloRouting.meets(request.slo(), ttft, tpot)));
		}
		return routes;
	}

}
