package ai.elms.gateway.proxy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import ai.elms.gateway.ApiErrors;
import ai.elms.gateway.config.GatewayProperties;
import ai.elms.gateway.fleet.Fleet;
import ai.elms.gateway.fleet.FleetNode;
import ai.elms.gateway.fleet.NodeClient;
import ai.elms.gateway.results.Recorder;
import ai.elms.gateway.results.RequestOutcome;
import ai.elms.gateway.routing.Route;
import ai.elms.gateway.routing.RouteRequest;
import ai.elms.gateway.routing.RoutingPolicy;
import ai.elms.gateway.teams.Caller;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.timeout.ReadTimeoutException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Service;

/**
 * Sends a completion request to the node routing chose, and its answer back as it comes,
 * token by token when streamed. A node that cannot be reached, fails, refuses for load or
 * says nothing within the first-byte timeout before answering is given up for the next
 * route, and counts against its circuit breaker; once a node has begun to answer, the
 * request stays with it, and a node that dies then ends the stream with an error event.
 * Every request, however it ends, gets exactly one record. The node's bytes are passed on
 * as Netty buffers, never copied or re-encoded; its answer is only read for the record.
 */
@Service
public class Forwarding {

	private static final int MAX_BODY = 32 * 1024 * 1024;

	private static final HexFormat HEX = HexFormat.of();

	private static final List<String> SLO_HEADERS = List.of(ParsedRequest.TTFT_HEADER, ParsedRequest.TPOT_HEADER);

	private final GatewayProperties properties;

	private final Fleet fleet;

	private final RoutingPolicy policy;

	private final Recorder recorder;

	private final HttpClient http;

	Forwarding(GatewayProperties properties, Fleet fleet, RoutingPolicy policy, Recorder recorder, NodeClient client) {
		this.properties = properties;
		this.fleet = fleet;
		this.policy = policy;
		this.recorder = recorder;
		this.http = client.http();
	}

	/**
	 * Forwards a request of an endpoint.
	 * @param endpoint {@code chat.completions} or {@code completions}
	 * @param path the node's path for it
	 */
	Mono<Void> forward(ServerHttpRequest httpRequest, ServerHttpResponse response, Caller caller, String endpoint,
			String path) {
		Call call = new Call(httpRequest, response, caller, endpoint, path);
		return DataBufferUtils.join(httpRequest.getBody(), MAX_BODY).map((buffer) -> {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			DataBufferUtils.release(buffer);
			return bytes;
		}).defaultIfEmpty(new byte[0]).flatMap((body) -> {
			try {
				call.campaign = ParsedRequest.campaign(httpRequest.getHeaders());
				call.request = ParsedRequest.parse(body, httpRequest.getHeaders(), endpoint.equals("chat.completions"),
						this.properties.charsPerToken());
			}
			catch (ParsedRequest.Invalid ex) {
				return call.refuse(HttpStatus.BAD_REQUEST, ex.getMessage(), "invalid_request_error", ex.param(), null);
			}
			return route(call);
		})
			.onErrorResume(DataBufferLimitException.class, (ex) -> call.refuse(HttpStatus.PAYLOAD_TOO_LARGE,
					"The request body is larger than " + MAX_BODY + " bytes.", "invalid_request_error", null, null))
			// the client went away before the answer began: the node's slot is freed, the
			// record says so
			.doOnCancel(() -> {
				call.leaveNode(Double.NaN);
				call.record(null, "cancelled", 499, "the client went away before the answer");
			});
	}

	private Mono<Void> route(Call call) {
		List<FleetNode> available = this.fleet.nodes().stream().filter(FleetNode::available).toList();
		if (available.isEmpty()) {
			return call.fail(HttpStatus.SERVICE_UNAVAILABLE, "No inference node is ready to serve.");
		}
		ParsedRequest request = call.request;
		List<Route> routes = this.policy.routes(
				new RouteRequest(request.promptTokens(), request.slo(), request.strategy(), request.sheddable()),
				available);
		if (routes.isEmpty()) {
			return call.refuse(HttpStatus.TOO_MANY_REQUESTS,
					"No node can meet this request's SLO now, and it is sheddable: retry later or loosen the SLO.",
					"rate_limit_exceeded", "slo", "slo_unattainable");
		}
		return attempt(call, routes, 0);
	}

	private Mono<Void> attempt(Call call, List<Route> routes, int index) {
		if (index >= routes.size() || call.attempts >= this.properties.retry().attempts()) {
			return call.fail(HttpStatus.BAD_GATEWAY,
					"No inference node answered" + ((call.lastError != null) ? ": " + call.lastError : "."));
		}
		FleetNode node = routes.get(index).node();
		if (!node.breaker().tryAcquirePermission()) {
			return attempt(call, routes, index + 1);
		}
		call.attempts++;
		call.sendTo(node);
		long sent = System.nanoTime();
		Duration firstByte = this.properties.retry().firstByteTimeout();
		byte[] body = call.request.body();
		HttpHeaders incoming = call.httpRequest.getHeaders();
		Flux<DataBuffer> answer = this.http.post()
			.uri(node.url().resolve(call.path).toString())
			.send((request, outbound) -> {
				request.header(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE);
				request.header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length));
				for (String name : SLO_HEADERS) {
					String value = incoming.getFirst(name);
					if (value != null) {
						request.header(name, value);
					}
				}
				// on the connection's own event loop: no timer thread per request
				request.responseTimeout(firstByte);
				return outbound.send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)));
			})
			.response((response, content) -> {
				String contentType = response.responseHeaders().get(HttpHeaderNames.CONTENT_TYPE);
				int status = response.status().code();
				if (status >= 200 && status < 300) {
					call.contentType = (contentType != null) ? contentType : MediaType.APPLICATION_JSON_VALUE;
					// wrapped at once: what an operator drops is released as a DataBuffer
					return content.retain().map(call::wrap);
				}
				return content.aggregate()
					.asByteArray()
					.defaultIfEmpty(new byte[0])
					.flatMapMany((bytes) -> Flux.error(new NodeAnswered(status, bytes, contentType)));
			});
		return answer.switchOnFirst((first, flux) -> {
			if (!first.hasValue()) {
				return flux.then(Mono.error(new NodeAnswered(502, new byte[0], null)));
			}
			node.breaker().onSuccess(System.nanoTime() - sent, TimeUnit.NANOSECONDS);
			return call.relay(flux);
		})
			// a node's buffer dropped on the way (client gone, node failed) is released
			.doOnDiscard(DataBuffer.class, DataBufferUtils::release)
			.then()
			.onErrorResume((ex) -> {
				if (call.committed.get()) {
					return Mono.empty();
				}
				call.leaveNode(Double.NaN);
				if (ex instanceof NodeAnswered refused && refused.status >= 400 && refused.status < 500
						&& refused.status != 408 && refused.status != 429) {
					// the node is well: the request is at fault, as the node says
					node.breaker().onSuccess(System.nanoTime() - sent, TimeUnit.NANOSECONDS);
					return call.passOn(refused);
				}
				node.breaker().onError(System.nanoTime() - sent, TimeUnit.NANOSECONDS, ex);
				call.lastError = node.url() + " " + describe(ex);
				return attempt(call, routes, index + 1);
			});
	}

	/**
	 * {@code req-} and 32 hex digits: the epoch millisecond (12), then 80 random bits.
	 * Unique, and in time order, so that a record goes at the end of the primary key's
	 * index rather than anywhere in it; not a secret, so no secure random is drawn per
	 * request.
	 */
	static String requestId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return "req-" + HEX.toHexDigits(System.currentTimeMillis()).substring(4) + HEX.toHexDigits(random.nextLong())
				+ HEX.toHexDigits((short) random.nextInt());
	}

	private static String describe(Throwable ex) {
		if (ex instanceof NodeAnswered answered) {
			return "answered " + answered.status;
		}
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof TimeoutException || cause instanceof ReadTimeoutException) {
				return "sent nothing within the first-byte timeout";
			}
		}
		return "could not be reached (" + ex.getClass().getSimpleName()
				+ ((ex.getMessage() != null) ? ": " + ex.getMessage() : "") + ")";
	}

	/** A node's answer that is not a 2xx, before any of it went to the client. */
	static final class NodeAnswered extends RuntimeException {

		final int status;

		final byte[] body;

		final String contentType;

		NodeAnswered(int status, byte[] body, String contentType) {
			super("node answered " + status, null, false, false);
			this.status = status;
			this.body = body;
			this.contentType = (contentType != null) ? contentType : MediaType.APPLICATION_JSON_VALUE;
		}

	}

	/** One request on its way: what is known of it, and its one record. */
	private final class Call {

		final ServerHttpRequest httpRequest;

		final ServerHttpResponse response;

		final String endpoint;

		final String path;

		final String id = requestId();

		final Instant received = Instant.now();

		final long start = System.nanoTime();

		final Caller caller;

		final AtomicBoolean committed = new AtomicBoolean();

		final AtomicBoolean recorded = new AtomicBoolean();

		ParsedRequest request;

		FleetNode node;

		int attempts;

		String lastError;

		String contentType;

		/**
		 * The caller's tag ({@code x-elms-campaign}), checked by {@link ParsedRequest}.
		 */
		String campaign;

		/** Whether the request counts in {@link #node}'s in-flight requests. */
		private final AtomicBoolean atNode = new AtomicBoolean();

		Call(ServerHttpRequest httpRequest, ServerHttpResponse response, Caller caller, String endpoint, String path) {
			this.httpRequest = httpRequest;
			this.response = response;
			this.endpoint = endpoint;
			this.path = path;
			this.caller = caller;
			response.getHeaders().set("x-request-id", this.id);
		}

		void sendTo(FleetNode target) {
			leaveNode(Double.NaN);
			this.node = target;
			target.started();
			this.atNode.set(true);
		}

		/** The request is no longer at its node, after this long (NaN: not completed). */
		void leaveNode(double ms) {
			if (this.atNode.compareAndSet(true, false)) {
				this.node.finished(ms);
			}
		}

		/** Streams a node's answer to the client, reading it for the record. */
		Mono<Void> relay(Flux<DataBuffer> answer) {
			this.committed.set(true);
			ServerHttpResponse response = this.response;
			response.setStatusCode(HttpStatus.OK);
			response.getHeaders().set(HttpHeaders.CONTENT_TYPE, this.contentType);
			AnswerReader reader = new AnswerReader(this.request.stream());
			AtomicBoolean broken = new AtomicBoolean();
			String[] brokenBy = new String[1];
			Flux<DataBuffer> body = answer.doOnNext(reader::read).onErrorResume((ex) -> {
				broken.set(true);
				brokenBy[0] = this.node.url() + " " + describe(ex) + " in the middle of its answer";
				this.node.breaker().onError(0, TimeUnit.NANOSECONDS, ex);
				if (!this.request.stream()) {
					return Flux.empty();
				}
				byte[] event = ("data: " + new String(ApiErrors.body(brokenBy[0], "server_error", null, "node_failed"),
						StandardCharsets.UTF_8) + "\n\n")
					.getBytes(StandardCharsets.UTF_8);
				return Flux.just(response.bufferFactory().wrap(event));
			})
				// handed over before the end reaches the client: a client that has its
				// answer
				// finds its record once the recorder has flushed
				.doOnComplete(() -> finish(reader, broken.get() ? "broken" : "ok", brokenBy[0]))
				.doOnCancel(() -> finish(reader, "cancelled", "the client went away"));
			if (this.request.stream()) {
				return response.writeAndFlushWith(body.map(Flux::just));
			}
			return response.writeWith(body);
		}

		DataBuffer wrap(ByteBuf buffer) {
			if (this.response.bufferFactory() instanceof NettyDataBufferFactory netty) {
				return netty.wrap(buffer);
			}
			try {
				byte[] bytes = new byte[buffer.readableBytes()];
				buffer.readBytes(bytes);
				return this.response.bufferFactory().wrap(bytes);
			}
			finally {
				buffer.release();
			}
		}

		private void finish(AnswerReader reader, String status, String error) {
			reader.finish();
			leaveNode(status.equals("ok") ? elapsedMs() : Double.NaN);
			record(reader, status, 200, error);
		}

		/**
		 * The node refused the request itself: its answer goes to the client as it is.
		 */
		Mono<Void> passOn(NodeAnswered refused) {
			ServerHttpResponse response = this.response;
			response.setStatusCode(HttpStatus.valueOf(refused.status));
			response.getHeaders().set(HttpHeaders.CONTENT_TYPE, refused.contentType);
			record(null, "node_error", refused.status, new String(refused.body, StandardCharsets.UTF_8));
			return response.writeWith(Mono.just(response.bufferFactory().wrap(refused.body)));
		}

		/**
		 * The gateway refuses it (bad input, shed): recorded, answered with the error.
		 */
		Mono<Void> refuse(HttpStatus status, String message, String type, String param, String code) {
			record(null, "rejected", status.value(), message);
			return ApiErrors.write(this.response, status, message, type, param, code);
		}

		/** No node could answer it. */
		Mono<Void> fail(HttpStatus status, String message) {
			record(null, "failed", status.value(), message);
			return ApiErrors.write(this.response, status, message, "server_error", null, "no_node_answered");
		}

		private double elapsedMs() {
			return (System.nanoTime() - this.start) / 1e6;
		}

		void record(AnswerReader reader, String status, int httpStatus, String error) {
			if (!this.recorded.compareAndSet(false, true)) {
				return;
			}
			double e2e = elapsedMs();
			ParsedRequest request = this.request;
			Double sloTtft = (request != null) ? request.slo().ttftMs() : null;
			Double sloTpot = (request != null) ? request.slo().tpotMs() : null;
			Double ttft = null;
			Double tpot = null;
			if (reader != null && reader.ttftMs() != null) {
				// the node's own figures, plus what the way through the gateway added
				double overhead = (reader.e2eMs() != null) ? Math.max(0, e2e - reader.e2eMs()) : 0;
				ttft = reader.ttftMs() + overhead;
				tpot = reader.tpotMs();
			}
			boolean answered = status.equals("ok");
			Boolean ttftMet = (sloTtft == null) ? null : answered && ttft != null && ttft <= sloTtft;
			Boolean tpotMet = (sloTpot == null) ? null : answered && (tpot == null || tpot <= sloTpot);
			Boolean sloMet = (sloTtft == null && sloTpot == null) ? null
					: !Boolean.FALSE.equals(ttftMet) && !Boolean.FALSE.equals(tpotMet);
			Forwarding.this.recorder.record(new RequestOutcome(this.id, this.caller.teamId(),
					Forwarding.this.properties.name(), this.campaign, this.endpoint,
					(reader != null && reader.model() != null) ? reader.model()
							: (request != null) ? request.model() : null,
					(reader != null && reader.strategy() != null) ? reader.strategy()
							: (request != null && request.strategy() != null) ? request.strategy().id() : null,
					request != null && request.stream(), sloTtft, sloTpot,
					(this.node != null) ? this.node.url().toString() : null, this.attempts,
					(reader != null) ? reader.modelLevel() : null, (reader != null) ? reader.promptRatio() : null,
					(reader != null) ? reader.promptTokens() : null,
					(reader != null) ? reader.completionTokens() : null, (reader != null) ? reader.queueMs() : null,
					ttft, tpot, e2e, ttftMet, tpotMet, sloMet, status, httpStatus, error, this.received));
		}

	}

}
