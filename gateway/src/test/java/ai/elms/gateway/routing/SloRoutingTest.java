package ai.elms.gateway.routing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import ai.elms.engine.ElasticLevel;
import ai.elms.engine.orchestration.Strategy;
import ai.elms.engine.profile.DeviceIdentity;
import ai.elms.engine.profile.LatencyProfile;
import ai.elms.engine.profile.LatencySlo;
import ai.elms.gateway.fleet.FleetNode;
import ai.elms.gateway.fleet.FleetNodes;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SloRoutingTest {

	/**
	 * Three levels; TTFT (level + 1) x scale ms at any length, TPOT (level + 1) x scale /
	 * 10.
	 */
	static LatencyProfile profile(double scale) {
		List<ElasticLevel> levels = new ArrayList<>();
		List<List<Double>> ttft = new ArrayList<>();
		List<Double> tpot = new ArrayList<>();
		for (int l = 0; l < 3; l++) {
			levels.add(new ElasticLevel(l, new double[] { 0.2, 0.6, 1.0 }[l], 1000L * (l + 1)));
			ttft.add(List.of((l + 1) * scale, (l + 1) * scale));
			tpot.add((l + 1) * scale / 10);
		}
		return new LatencyProfile(new DeviceIdentity("cpu", 2), "hash", 1, levels, List.of(16, 1024), ttft, tpot,
				Instant.EPOCH);
	}

	final FleetNode fast = FleetNodes.ready("http://127.0.0.1:1", profile(10));

	final FleetNode slow = FleetNodes.ready("http://127.0.0.1:2", profile(100));

	final SloRouting routing = new SloRouting();

	private List<Route> route(Double ttft, Double tpot, boolean sheddable) {
		return this.routing.routes(new RouteRequest(100, new LatencySlo(ttft, tpot), null, sheddable),
				List.of(this.slow, this.fast));
	}

	@Test
	void theNodeThatMeetsTheSloAtTheHighestLevelGoesFirst() {
		// fast meets 25 ms at level 0.6 (20 ms), slow at none
		List<Route> routes = route(25.0, null, false);
		assertThat(routes).extracting(Route::node).containsExactly(this.fast, this.slow);
		assertThat(routes.get(0).level()).isEqualTo(0.6);
		assertThat(routes.get(0).fits()).isTrue();
		assertThat(routes.get(1).fits()).isFalse();
		// both meet 250 ms: slow at 0.6 (200 ms), fast at 1.0
		assertThat(route(250.0, null, false).get(0).node()).isSameAs(this.fast);
		// both meet it at the full level: the less loaded first
		this.fast.started();
		assertThat(route(10_000.0, null, false)).extracting(Route::node).containsExactly(this.slow, this.fast);
		this.fast.finished(5);
	}

	@Test
	void queuedRequestsCountAgainstANode() {
		// three requests ahead, 5 ms each... the fast node's wait grows past the SLO
		for (int i = 0; i < 3; i++) {
			this.fast.started();
		}
		List<Route> routes = route(25.0, null, false);
		assertThat(routes.get(0).predictedTtftMs()).isGreaterThan(25.0);
		assertThat(routes.get(0).fits()).isFalse();
	}

	@Test
	void whenNoneFitsTheLeastMissFirstOrNothingForASheddableRequest() {
		List<Route> routes = route(1.0, 0.1, false);
		assertThat(routes).extracting(Route::fits).containsOnly(false);
		assertThat(routes.get(0).node()).isSameAs(this.fast);
		assertThat(routes.get(0).level()).isEqualTo(0.2);
		assertThat(route(1.0, 0.1, true)).isEmpty();
	}

	@Test
	void fullOnlyConsidersTheFullLevel() {
		List<Route> routes = this.routing
			.routes(new RouteRequest(100, new LatencySlo(25.0, null), Strategy.FULL, false), List.of(this.fast));
		assertThat(routes.get(0).level()).isEqualTo(1.0);
		assertThat(routes.get(0).fits()).isFalse();
	}

	@Test
	void roundRobinTakesTurns() {
		RoundRobinRouting robin = new RoundRobinRouting();
		RouteRequest request = new RouteRequest(100, LatencySlo.NONE, null, false);
		FleetNode first = robin.routes(request, List.of(this.slow, this.fast)).get(0).node();
		FleetNode second = robin.routes(request, List.of(this.slow, this.fast)).get(0).node();
		assertThat(first).isNotSameAs(second);
	}

}
