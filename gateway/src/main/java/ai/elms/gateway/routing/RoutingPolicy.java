package ai.elms.gateway.routing;

import java.util.List;

import ai.elms.gateway.fleet.FleetNode;

/**
 * Chooses where a request goes. Implementations are thread-safe.
 */
public interface RoutingPolicy {

	/** The name in the settings, e.g. {@code slo}. */
	String name();

	/**
	 * The nodes to try, in order: the first is the choice, the others the fallbacks when
	 * it cannot be reached or fails before answering. Empty when the request is sheddable
	 * and no node can meet its SLO.
	 * @param available the nodes that are ready, profiled and not broken off
	 */
	List<Route> routes(RouteRequest request, List<FleetNode> available);

}
