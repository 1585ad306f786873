package ai.elms.gateway.results;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import ai.elms.gateway.ApiErrors;
import ai.elms.gateway.teams.Caller;
import jakarta.persistence.criteria.Predicate;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * The records, read back: {@code GET /v1/results} lists them (newest first, paged),
 * {@code GET /v1/results/summary} sums them up by team, node, level, strategy or
 * campaign. A team's key sees its own team's records, the admin key every team's.
 */
@RestController
class ResultsController {

	private static final int MAX_PAGE = 500;

	private final RequestRecordRepository records;

	private final ResultSummaries summaries;

	ResultsController(RequestRecordRepository records, ResultSummaries summaries) {
		this.records = records;
		this.summaries = summaries;
	}

	@GetMapping("/v1/results")
	Mono<ResponseEntity<Object>> list(@RequestParam(required = false) String team,
			@RequestParam(required = false) String node, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to, @RequestParam(name = "slo_met", required = false) Boolean sloMet,
			@RequestParam(required = false) String status, @RequestParam(required = false) String campaign,
			@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size,
			ServerWebExchange exchange) {
		Filters filters = new Filters(team, node, from, to, sloMet, status, campaign);
		if (page < 0 || size < 1 || size > MAX_PAGE) {
			return invalid("page must be >= 0 and size in [1, " + MAX_PAGE + "]", "size");
		}
		return query(filters, exchange, (spec) -> {
			Page<RequestRecord> found = this.records.findAll(spec,
					PageRequest.of(page, size, Sort.by(Sort.Direction.DESC, "createdAt", "id")));
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("object", "list");
			body.put("data", found.getContent().stream().map(RequestRecord::outcome).toList());
			body.put("page", page);
			body.put("size", size);
			body.put("total", found.getTotalElements());
			return body;
		});
	}

	@GetMapping("/v1/results/summary")
	Mono<ResponseEntity<Object>> summary(@RequestParam(required = false) String team,
			@RequestParam(required = false) String node, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to, @RequestParam(name = "slo_met", required = false) Boolean sloMet,
			@RequestParam(required = false) String status, @RequestParam(required = false) String campaign,
			@RequestParam(defaultValue = "team") String by, ServerWebExchange exchange) {
		Filters filters = new Filters(team, node, from, to, sloMet, status, campaign);
		if (!ResultSummaries.KEYS.containsKey(by)) {
			return invalid("by must be team, node, level, strategy or campaign", "by");
		}
		return query(filters, exchange,
				(spec) -> this.summaries.summarize(spec, by, instant(filters.from()), instant(filters.to())));
	}

	private Mono<ResponseEntity<Object>> query(Filters filters, ServerWebExchange exchange,
			Function<Specification<RequestRecord>, Object> read) {
		Caller caller = Caller.of(exchange);
		String team = caller.admin() ? filters.team() : caller.teamId();
		if (!caller.admin() && filters.team() != null && !filters.team().equals(caller.teamId())) {
			return error(HttpStatus.FORBIDDEN, "a team's key reads its own team's results only", "permission_error",
					"team");
		}
		Specification<RequestRecord> spec;
		try {
			spec = specification(team, filters);
		}
		catch (DateTimeParseException ex) {
			return invalid("from and to are ISO-8601 instants, e.g. 2026-11-24T10:00:00Z", "from");
		}
		return Mono.fromCallable(() -> ResponseEntity.ok(read.apply(spec))).subscribeOn(Schedulers.boundedElastic());
	}

	private static Specification<RequestRecord> specification(String team, Filters filters) {
		Instant from = instant(filters.from());
		Instant to = instant(filters.to());
		return (root, query, cb) -> {
			List<Predicate> where = new ArrayList<>();
			if (team != null) {
				where.add(cb.equal(root.get("teamId"), team));
			}
			if (filters.node() != null) {
				where.add(cb.equal(root.get("nodeUrl"), filters.node()));
			}
			if (from != null) {
				where.add(cb.greaterThanOrEqualTo(root.get("createdAt"), from));
			}
			if (to != null) {
				where.add(cb.lessThan(root.get("createdAt"), to));
			}
			if (filters.sloMet() != null) {
				where.add(cb.equal(root.get("sloMet"), filters.sloMet()));
			}
			if (filters.status() != null) {
				where.add(cb.equal(root.get("status"), filters.status()));
			}
			if (filters.campaign() != null) {
				where.add(cb.equal(root.get("campaign"), filters.campaign()));
			}
			return cb.and(where.toArray(Predicate[]::new));
		};
	}

	private static Instant instant(String text) {
		return (text == null || text.isBlank()) ? null : Instant.parse(text);
	}

	private static Mono<ResponseEntity<Object>> invalid(String message, String param) {
		return error(HttpStatus.BAD_REQUEST, message, "invalid_request_error", param);
	}

	/** An OpenAI error body as the answer. */
	private static Mono<ResponseEntity<Object>> error(HttpStatus status, String message, String type, String param) {
		return Mono.just(ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.body(ApiErrors.body(message, type, param, null)));
	}

	/**
	 * The filters both endpoints take, as query parameters.
	 *
	 * @param team a team's id (the admin key only)
	 * @param node a node's base URL
	 * @param from the earliest receipt, inclusive (ISO-8601)
	 * @param to the latest receipt, exclusive
	 * @param sloMet only records that met (true) or missed (false) their SLO
	 * @param status only records of this status
	 * @param campaign only records tagged with this campaign
	 */
	record Filters(String team, String node, String from, String to, Boolean sloMet, String status, String campaign) {
	}

}
