package ai.elms.gateway.teams;

import java.util.List;
import java.util.Map;

import ai.elms.gateway.ApiErrors;
import ai.elms.gateway.fleet.Fleet;
import ai.elms.gateway.fleet.FleetNode;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * The admin API, behind the admin key: teams and their keys, and the fleet's nodes.
 */
@RestController
class AdminController {

	private static final int MAX_NAME = 100;

	/** The API's JSON, as {@code spring.jackson} writes it for the other endpoints. */
	private static final JsonMapper JSON = JsonMapper.builder()
		.propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
		.build();

	private final ApiKeys keys;

	private final Fleet fleet;

	AdminController(ApiKeys keys, Fleet fleet) {
		this.keys = keys;
		this.fleet = fleet;
	}

	/** {@code {"name": "maps"}}: the team and its first key, shown this once. */
	@PostMapping("/admin/teams")
	Mono<Void> createTeam(@RequestBody(required = false) Map<String, Object> body, ServerWebExchange exchange) {
		Object name = (body != null) ? body.get("name") : null;
		if (!(name instanceof String text) || text.isBlank() || text.length() > MAX_NAME
				|| !text.matches("[A-Za-z0-9._ -]+")) {
			return ApiErrors.invalid(exchange.getResponse(),
					"'name' must be 1 to 100 letters, digits, spaces, dots, dashes or underscores", "name");
		}
		return Mono.fromCallable(() -> this.keys.createTeam(text.strip()))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((created) -> json(exchange, HttpStatus.CREATED, created))
			.onErrorResume(IllegalArgumentException.class, (ex) -> ApiErrors.write(exchange.getResponse(),
					HttpStatus.CONFLICT, ex.getMessage(), "invalid_request_error", "name", null));
	}

	@GetMapping("/admin/teams")
	Mono<List<ApiKeys.TeamView>> teams() {
		return Mono.fromCallable(this.keys::teams).subscribeOn(Schedulers.boundedElastic());
	}

	/** Another key for a team, shown this once. */
	@PostMapping("/admin/teams/{team}/keys")
	Mono<Void> createKey(@PathVariable String team, ServerWebExchange exchange) {
		return Mono.fromCallable(() -> this.keys.createKey(team))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((created) -> json(exchange, HttpStatus.CREATED, created))
			.onErrorResume(IllegalArgumentException.class, (ex) -> ApiErrors.write(exchange.getResponse(),
					HttpStatus.NOT_FOUND, ex.getMessage(), "invalid_request_error", "team", null));
	}

	@DeleteMapping("/admin/keys/{key}")
	Mono<Void> revoke(@PathVariable String key, ServerWebExchange exchange) {
		return Mono.fromCallable(() -> this.keys.revoke(key))
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap((revoked) -> revoked
					? Mono.fromRunnable(() -> exchange.getResponse().setStatusCode(HttpStatus.NO_CONTENT))
						.then(exchange.getResponse().setComplete())
					: ApiErrors.write(exchange.getResponse(), HttpStatus.NOT_FOUND, "no key '" + key + "'",
							"invalid_request_error", "key", null));
	}

	@GetMapping("/admin/nodes")
	List<NodeView> nodes() {
		return this.fleet.nodes().stream().map(NodeView::of).toList();
	}

	/**
	 * {@code {"url": "http://10.0.0.7:8080"}}: checked, probed, then polled like the
	 * others.
	 */
	@PostMapping("/admin/nodes")
	Mono<Void> addNode(@RequestBody(required = false) Map<String, Object> body, ServerWebExchange exchange) {
		Object url = (body != null) ? body.get("url") : null;
		if (!(url instanceof String text) || text.isBlank()) {
			return ApiErrors.invalid(exchange.getResponse(), "'url' must be the node's base URL", "url");
		}
		return this.fleet.register(text)
			.flatMap((node) -> json(exchange, HttpStatus.CREATED, NodeView.of(node)))
			.onErrorResume(IllegalArgumentException.class,
					(ex) -> ApiErrors.invalid(exchange.getResponse(), ex.getMessage(), "url"));
	}

	private static Mono<Void> json(ServerWebExchange exchange, HttpStatus status, Object value) {
		exchange.getResponse().setStatusCode(status);
		exchange.getResponse().getHeaders().setContentType(org.springframework.http.MediaType.APPLICATION_JSON);
		byte[] bytes = JSON.writeValueAsBytes(value);
		return exchange.getResponse().writeWith(Mono.just(exchange.getResponse().bufferFactory().wrap(bytes)));
	}

	/**
	 * A node as the admin API lists it.
	 *
	 * @param url its base URL
	 * @param registered added through this API (else from the settings)
	 * @param available ready, profiled and not broken off
	 * @param breaker its circuit breaker's state
	 * @param load requests ahead of a new one there
	 * @param levels the levels its profile has
	 * @param problem why it is not available, or null
	 */
	record NodeView(String url, boolean registered, boolean available, String breaker, int load, Integer levels,
			String problem) {

		static NodeView of(FleetNode node) {
			return new NodeView(node.url().toString(), node.registered(), node.available(),
					node.breaker().getState().name().toLowerCase(java.util.Locale.ROOT), node.load(),
					(node.profile() != null) ? node.profile().levels().size() : null, node.problem());
		}

	}

}
