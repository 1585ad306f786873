package ai.elms.gateway.routing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import ai.elms.engine.orchestration.Strategy;
import ai.elms.engine.profile.LatencyProfile;
import ai.elms.engine.profile.LatencySlo;
import ai.elms.gateway.fleet.FleetNode;

/**
 * The product's routing: for each node, the TTFT (the requests ahead of this one times
 * how long one holds the node, plus the profile at the prompt's length) and TPOT of its
 * largest level that meets the SLO. The request goes to the node that meets it at the
 * highest level, ties to the least loaded; when none can, to the node with the least
 * predicted miss, or nowhere (429) when it is sheddable.
 */
public final class SloRouting implements RoutingPolicy {

	@Override
	public String name() {
		return "slo";
	}

	@Override
	public List<Route> routes(RouteRequest request, List<FleetNode> available) {
		List<Route> fitting = new ArrayList<>();
		List<Route> missing = new ArrayList<>();
		List<Double> misses = new ArrayList<>();
		for (FleetNode node : available) {
			LatencyProfile profile = node.profile();
			double waitMs = node.load() * node.serviceMs();
			int full = profile.levels().size() - 1;
			int smallest = (request.strategy() == Strategy.FULL) ? full : 0;
			Route best = null;
			for (int level = full; level >= smallest && best == null; level--) {
				double ttft = waitMs + profile.predictTtftMs(level, request.promptTokens());
				double tpot = profile.predictTpotMs(level, request.promptTokens());
				if (meets(request.slo(), ttft, tpot)) {
					best = new Route(node, profile.levels().get(level).share(), ttft, tpot, true);
				}
			}
			if (best != null) {
				fitting.add(best);
			}
			else {
				double ttft = waitMs + profile.predictTtftMs(smallest, request.promptTokens());
				double tpot = profile.predictTpotMs(smallest, request.promptTokens());
				missing.add(new Route(node, profile.levels().get(smallest).share(), ttft, tpot, false));
				misses.add(miss(request.slo(), ttft, tpot));
			}
		}
		fitting.sort(Comparator.comparingDouble((Route r) -> -r.level()).thenComparingInt((r) -> r.node().load()));
		List<Route> routes = new ArrayList<>(fitting);
		List<Integer> order = new ArrayList<>();
		for (int i = 0; i < missing.size(); i++) {
			order.add(i);
		}
		order.sort(Comparator.comparingDouble(misses::get));
		if (fitting.isEmpty() && request.sheddable()) {
			return List.of();
		}
		order.forEach((i) -> routes.add(missing.get(i)));
		return routes;
	}

	static boolean meets(LatencySlo slo, double ttftMs, double tpotMs) {
		return (slo.ttftMs() == null || ttftMs <= slo.ttftMs()) && (slo.tpotMs() == null || tpotMs <= slo.tpotMs());
	}

	/** How far a prediction overshoots its SLO: the larger of the two ratios. */
	static double miss(LatencySlo slo, double ttftMs, double tpotMs) {
		double ttft = (slo.ttftMs() == null) ? 0 : ttftMs / slo.ttftMs();
		double tpot = (slo.tpotMs() == null) ? 0 : tpotMs / slo.tpotMs();
		return Math.max(ttft, tpot);
	}

}
