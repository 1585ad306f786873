package ai.elms.gateway.proxy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import ai.elms.gateway.ApiErrors;
import ai.elms.gateway.config.GatewayProperties;
import ai.elms.gateway.fleet.Fleet;
import ai.elms.gateway.fleet.FleetNode;
import ai.elms.gateway.results.Recorder;
import ai.elms.gateway.results.RequestOutcome;
import ai.elms.gateway.routing.Route;
import ai.elms.gateway.routing.RouteRequest;
import ai.elms.gateway.routing.RoutingPolicy;
import ai.elms.gateway.teams.Authentication;
import ai.elms.gateway.teams.Caller;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.support.Netty4HeadersAdapter;
import org.springframework.stereotype.Service;

/**
 * Serves a completion request on its connection's event loop, from its first byte to its
 * record: authenticates and rate limits it, routes it, sends it to the chosen node on a
 * connection of the same loop, and passes the node's answer back as it comes, token by
 * token when streamed. A node that cannot be reached, fails, refuses for load or says
 * nothing within the first-byte timeout before answering is given up for the next route,
 * and counts against its circuit breaker; once a node has begun to answer, the request
 * stays with it, and a node that dies then ends the stream with an error event. Every
 * request that gets past its key, however it ends, gets exactly one record. The node's
 * bytes are passed on as they are, never copied or re-encoded; its answer is only read
 * for the record.
 */
@Service
public class Forwarding implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(Forwarding.class);

	static final int MAX_BODY = 32 * 1024 * 1024;

	/** Of a node's refusal, what is kept to pass on or to report. */
	private static final int MAX_REFUSAL = 1024 * 1024;

	/** How long stopping waits for the requests in progress. */
	private static final long DRAIN_MS = 30_000;

	private static final HexFormat HEX = HexFormat.of();

	private static final List<String> SLO_HEADERS = List.of(ParsedRequest.TTFT_HEADER, ParsedRequest.TPOT_HEADER);

	private static final String JSON = MediaType.APPLICATION_JSON_VALUE;

	/**
	 * For the messages the gateway writes: their header values are its own or came
	 * through Netty's decoder, which checked them, so they are not checked again.
	 */
	private static final HttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);

	private final GatewayProperties properties;

	private final Fleet fleet;

	private final RoutingPolicy policy;

	private final Recorder recorder;

	private final Authentication authentication;

	private final NodeConnections connections;

	private final long firstByteNanos;

	/** Requests begun and not yet answered. */
	private final AtomicInteger active = new AtomicInteger();

	private volatile boolean running;

	private volatile boolean draining;

	Forwarding(GatewayProperties properties, Fleet fleet, RoutingPolicy policy, Recorder recorder,
			Authentication authentication, NodeConnections connections) {
		this.properties = properties;
		this.fleet = fleet;
		this.policy = policy;
		this.recorder = recorder;
		this.authentication = authentication;
		this.connections = connections;
		this.firstByteNanos = properties.retry().firstByteTimeout().toNanos();
	}

	/**
	 * A completion request whose head has arrived, on its connection's event loop; its
	 * body follows through {@link Call#content}.
	 * @param front the connection's handler context, which the answer is written from
	 * @param path the request's path, which the node serves too
	 * @param endpoint {@code chat.completions} or {@code completions}
	 * @param done told on the event loop once the answer is written or the client gone
	 */
	Call start(ChannelHandlerContext front, HttpRequest head, String path, String endpoint, Runnable done) {
		return new Call(front, head, path, endpoint, done);
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

	@Override
	public void start() {
		this.draining = false;
		this.running = true;
	}

	/**
	 * Before the server's graceful shutdown: new completion requests are refused (503),
	 * and those in progress are given up to 30 s to finish.
	 */
	@Override
	public void stop() {
		this.draining = true;
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MS);
		try {
			while (this.active.get() > 0 && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (this.active.get() > 0) {
			logger.warn("Stopping with {} requests still in progress", this.active.get());
		}
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Stops just before the web server's graceful shutdown begins. */
	@Override
	public int getPhase() {
		return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE + 1;
	}

	private static String describe(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof TimeoutException) {
				return "sent nothing within the first-byte timeout";
			}
		}
		return "could not be reached (" + ex.getClass().getSimpleName()
				+ ((ex.getMessage() != null) ? ": " + ex.getMessage() : "") + ")";
	}

	private enum State {

		/** The body is arriving, or the key is being checked. */
		RECEIVING,

		/** Sent to a node, which has not answered yet. */
		WAITING,

		/** A node refuses it: its answer is read to pass on or to report. */
		REFUSED,

		/** A node's answer is passing to the client. */
		RELAYING,

		/** Answered, or the client is gone. */
		DONE

	}

	/**
	 * One request on its way: what is known of it, and its one record. Used on its
	 * connection's event loop only.
	 */
	final class Call implements NodeConnections.Exchange {

		private final ChannelHandlerContext front;

		private final HttpRequest head;

		private final String path;

		private final String endpoint;

		private final Runnable done;

		/** Whether the connection serves another request after this one. */
		private boolean keepAlive;

		private final String id = requestId();

		private final Instant received = Instant.now();

		private final long start = System.nanoTime();

		private State state = State.RECEIVING;

		private ByteArray body;

		private boolean bodyComplete;

		private Authentication.Admission admission;

		private Caller caller;

		private String campaign;

		private ParsedRequest request;

		private List<Route> routes;

		private int routeIndex;

		private FleetNode node;

		/** Whether the request counts in {@link #node}'s in-flight requests. */
		private boolean atNode;

		private int attempts;

		private String lastError;

		private Channel upstream;

		private boolean reused;

		private boolean retriedFresh;

		private long sentAt;

		private long lastRead;

		private ScheduledFuture<?> timer;

		private boolean nodeKeepAlive;

		private int refusedStatus;

		private String refusedType;

		private ByteArray refusal;

		private AnswerReader reader;

		private boolean recorded;

		Call(ChannelHandlerContext front, HttpRequest head, String path, String endpoint, Runnable done) {
			this.front = front;
			this.head = head;
			this.path = path;
			this.endpoint = endpoint;
			this.done = done;
			this.keepAlive = HttpUtil.isKeepAlive(head);
			Forwarding.this.active.incrementAndGet();
			if (head.method() != HttpMethod.POST) {
				return;
			}
			long declared = HttpUtil.getContentLength(head, -1L);
			if (declared > MAX_BODY) {
				tooLarge();
				return;
			}
			// as long as it says it is, up to 64 KiB: then it is parsed where it arrived,
			// not copied, and a length only declared takes no more
			this.body = new ByteArray((int) Math.min((declared >= 0) ? declared : 1024, 64 * 1024));
			if (HttpUtil.is100ContinueExpected(head)) {
				front.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
						Unpooled.EMPTY_BUFFER));
			}
			Forwarding.this.authentication.admission(path, head.headers().get(HttpHeaderNames.AUTHORIZATION))
				.subscribe((admission) -> onLoop(() -> admitted(admission)), (ex) -> onLoop(() -> {
					logger.error("Checking the key of request {} failed", this.id, ex);
					respond(HttpResponseStatus.INTERNAL_SERVER_ERROR,
							ApiErrors.body("The gateway failed to check the API key.", "server_error", null, null),
							JSON, null);
				}));
		}

		/** Whether it is answered, or its client gone. */
		boolean finished() {
			return this.state == State.DONE;
		}

		/** Whether it still takes its body. */
		boolean receiving() {
			return this.state == State.RECEIVING && !this.bodyComplete;
		}

		/** A piece of the body; the caller releases it. */
		void content(HttpContent content) {
			if (!receiving()) {
				return;
			}
			ByteBuf bytes = content.content();
			if (this.body != null) {
				// only a POST's body is gathered; another method's is answered with 405
				if (this.body.length() + bytes.readableBytes() > MAX_BODY) {
					tooLarge();
					return;
				}
				this.body.append(bytes, bytes.readableBytes());
			}
			if (content instanceof LastHttpContent) {
				this.bodyComplete = true;
				if (this.head.method() != HttpMethod.POST) {
					HttpHeaders allow = new HttpHeaders();
					allow.set(HttpHeaders.ALLOW, "POST");
					respond(HttpResponseStatus.METHOD_NOT_ALLOWED,
							ApiErrors.body(this.head.method() + " is not allowed here: use POST.",
									"invalid_request_error", null, "method_not_allowed"),
							JSON, allow);
					return;
				}
				proceed();
			}
		}

		/** The client's connection closed. */
		void clientGone() {
			if (this.state == State.DONE) {
				return;
			}
			State was = this.state;
			this.state = State.DONE;
			cancelTimer();
			if (this.upstream != null) {
				// the node sees its client leave, and frees the request's slot
				Forwarding.this.connections.discard(this.upstream);
				this.upstream = null;
			}
			leaveNode(Double.NaN);
			if (was == State.RELAYING) {
				this.reader.finish();
				record(this.reader, "cancelled", 200, "the client went away");
			}
			else if (this.admission != null && this.caller != null) {
				record(null, "cancelled", 499, "the client went away before the answer");
			}
			Forwarding.this.active.decrementAndGet();
		}

		/** The client's connection can take more, or no more for now. */
		void writable(boolean writable) {
			if (this.upstream != null && this.state == State.RELAYING) {
				this.upstream.config().setAutoRead(writable);
			}
		}

		private void onLoop(Runnable task) {
			if (this.front.executor().inEventLoop()) {
				task.run();
			}
			else {
				this.front.executor().execute(task);
			}
		}

		private void admitted(Authentication.Admission admission) {
			if (this.state != State.RECEIVING) {
				return;
			}
			this.admission = admission;
			this.caller = admission.caller();
			proceed();
		}

		private void proceed() {
			if (this.state != State.RECEIVING || this.admission == null || !this.bodyComplete) {
				return;
			}
			Authentication.Admission admission = this.admission;
			if (admission.caller() == null) {
				HttpHeaders extra = null;
				if (admission.retryAfterSeconds() > 0) {
					extra = new HttpHeaders();
					extra.set(HttpHeaders.RETRY_AFTER, Long.toString(admission.retryAfterSeconds()));
				}
				respond(HttpResponseStatus.valueOf(admission.status().value()),
						ApiErrors.body(admission.message(), admission.type(), null, admission.code()), JSON, extra);
				return;
			}
			if (Forwarding.this.draining) {
				fail(HttpStatus.SERVICE_UNAVAILABLE, "The gateway is shutting down: retry on another gateway.",
						"shutting_down", null);
				return;
			}
			try {
				HttpHeaders headers = new HttpHeaders(new Netty4HeadersAdapter(this.head.headers()));
				this.campaign = ParsedRequest.campaign(headers);
				this.request = ParsedRequest.parse(this.body.toArray(), headers,
						this.endpoint.equals("chat.completions"), Forwarding.this.properties.charsPerToken());
			}
			catch (ParsedRequest.Invalid ex) {
				refuse(HttpStatus.BAD_REQUEST, ex.getMessage(), "invalid_request_error", ex.param(), null);
				return;
			}
			this.body = null;
			route();
		}

		private void tooLarge() {
			this.bodyComplete = true;
			this.body = null;
			// the rest of the body is not read: the connection cannot serve another
			// request
			this.keepAlive = false;
			if (this.caller != null) {
				record(null, "rejected", 413, "The request body is larger than " + MAX_BODY + " bytes.");
			}
			respond(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, ApiErrors
				.body("The request body is larger than " + MAX_BODY + " bytes.", "invalid_request_error", null, null),
					JSON, null);
		}

		private void route() {
			List<FleetNode> available = Forwarding.this.fleet.nodes().stream().filter(FleetNode::available).toList();
			if (available.isEmpty()) {
				fail(HttpStatus.SERVICE_UNAVAILABLE, "No inference node is ready to serve.", "no_node_answered", null);
				return;
			}
			ParsedRequest request = this.request;
			this.routes = Forwarding.this.policy.routes(
					new RouteRequest(request.promptTokens(), request.slo(), request.strategy(), request.sheddable()),
					available);
			if (this.routes.isEmpty()) {
				refuse(HttpStatus.TOO_MANY_REQUESTS,
						"No node can meet this request's SLO now, and it is sheddable: retry later or loosen the SLO.",
						"rate_limit_exceeded", "slo", "slo_unattainable");
				return;
			}
			this.routeIndex = 0;
			attempt();
		}

		/** Sends it to the next route whose breaker lets it through. */
		private void attempt() {
			boolean held = false;
			while (this.routeIndex < this.routes.size()
					&& this.attempts < Forwarding.this.properties.retry().attempts()) {
				FleetNode next = this.routes.get(this.routeIndex).node();
				if (next.breaker().tryAcquirePermission()) {
					this.attempts++;
					sendTo(next);
					connect(false);
					return;
				}
				held = true;
				this.routeIndex++;
			}
			if (this.attempts == 0 && held) {
				// every node it could go to is being tried again after failures
				fail(HttpStatus.SERVICE_UNAVAILABLE,
						"Every node that could serve this request is recovering from failures; retry in a second.",
						"nodes_recovering", "1");
				return;
			}
			fail(HttpStatus.BAD_GATEWAY,
					"No inference node answered" + ((this.lastError != null) ? ": " + this.lastError : "."),
					"no_node_answered", null);
		}

		private void sendTo(FleetNode target) {
			leaveNode(Double.NaN);
			this.node = target;
			target.started();
			this.atNode = true;
			this.retriedFresh = false;
		}

		private void connect(boolean fresh) {
			this.state = State.WAITING;
			FleetNode target = this.node;
			Forwarding.this.connections.acquire(this.front.channel().eventLoop(), target.url(), fresh, this,
					(channel, failure, reused) -> {
						if (this.state != State.WAITING || this.node != target) {
							if (channel != null) {
								Forwarding.this.connections.discard(channel);
							}
							return;
						}
						if (failure != null) {
							nodeFailed(failure);
							return;
						}
						send(channel, reused);
					});
		}

		private void send(Channel channel, boolean reused) {
			this.upstream = channel;
			this.reused = reused;
			byte[] body = this.request.body();
			DefaultFullHttpRequest out = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, this.path,
					Unpooled.wrappedBuffer(body), HEADERS, HEADERS);
			out.headers()
				.set(HttpHeaderNames.HOST, this.node.url().getRawAuthority())
				.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
				.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
			for (String name : SLO_HEADERS) {
				String value = this.head.headers().get(name);
				if (value != null) {
					out.headers().set(name, value);
				}
			}
			this.sentAt = System.nanoTime();
			this.lastRead = this.sentAt;
			this.timer = channel.eventLoop()
				.schedule(this::checkSilence, Forwarding.this.firstByteNanos, TimeUnit.NANOSECONDS);
			channel.writeAndFlush(out).addListener((ChannelFutureListener) (future) -> {
				if (!future.isSuccess() && this.upstream == future.channel()) {
					nodeFailed(future.cause());
				}
			});
		}

		/**
		 * The node has been silent since the last read: past the first-byte timeout, it
		 * counts as failed.
		 */
		private void checkSilence() {
			this.timer = null;
			if (this.upstream == null) {
				return;
			}
			long silent = System.nanoTime() - this.lastRead;
			if (silent < Forwarding.this.firstByteNanos) {
				this.timer = this.upstream.eventLoop()
					.schedule(this::checkSilence, Forwarding.this.firstByteNanos - silent, TimeUnit.NANOSECONDS);
				return;
			}
			nodeFailed(
					new TimeoutException("no answer within " + Forwarding.this.properties.retry().firstByteTimeout()));
		}

		private void cancelTimer() {
			if (this.timer != null) {
				this.timer.cancel(false);
				this.timer = null;
			}
		}

		@Override
		public void onHead(HttpResponse answer) {
			if (this.state != State.WAITING) {
				return;
			}
			this.lastRead = System.nanoTime();
			this.nodeKeepAlive = HttpUtil.isKeepAlive(answer);
			int status = answer.status().code();
			String contentType = answer.headers().get(HttpHeaderNames.CONTENT_TYPE);
			if (status < 200 || status >= 300) {
				this.state = State.REFUSED;
				this.refusedStatus = status;
				this.refusedType = (contentType != null) ? contentType : JSON;
				this.refusal = new ByteArray(256);
				return;
			}
			this.node.breaker().onSuccess(this.lastRead - this.sentAt, TimeUnit.NANOSECONDS);
			this.state = State.RELAYING;
			this.reader = new AnswerReader(this.request.stream());
			HttpResponse relayed = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, HEADERS);
			relayed.headers()
				.set(HttpHeaderNames.CONTENT_TYPE, (contentType != null) ? contentType : JSON)
				.set("x-request-id", this.id);
			String length = answer.headers().get(HttpHeaderNames.CONTENT_LENGTH);
			if (length != null && !HttpUtil.isTransferEncodingChunked(answer)) {
				relayed.headers().set(HttpHeaderNames.CONTENT_LENGTH, length);
			}
			else if (this.head.protocolVersion() == HttpVersion.HTTP_1_0) {
				// no chunks in HTTP/1.0: the answer ends where the connection does
				this.keepAlive = false;
			}
			else {
				HttpUtil.setTransferEncodingChunked(relayed, true);
			}
			connection(relayed);
			this.front.write(relayed);
		}

		@Override
		public void onContent(HttpContent content) {
			this.lastRead = System.nanoTime();
			ByteBuf bytes = content.content();
			boolean last = content instanceof LastHttpContent;
			if (this.state == State.REFUSED) {
				this.refusal.append(bytes, Math.min(bytes.readableBytes(), MAX_REFUSAL - this.refusal.length()));
				if (last) {
					refused();
				}
				return;
			}
			if (this.state != State.RELAYING) {
				return;
			}
			this.reader.read(bytes);
			if (last) {
				relayed(bytes.isReadable() ? new DefaultLastHttpContent(bytes.retain())
						: LastHttpContent.EMPTY_LAST_CONTENT);
				return;
			}
			if (bytes.isReadable()) {
				this.front.write(new DefaultHttpContent(bytes.retain()));
				if (!this.front.channel().isWritable()) {
					this.upstream.config().setAutoRead(false);
				}
			}
		}

		@Override
		public void onReadComplete() {
			if (this.state == State.RELAYING) {
				this.front.flush();
			}
		}

		@Override
		public void onFailure(Throwable cause) {
			// the connection is closed and no longer serves this request
			this.upstream = null;
			nodeFailed(cause);
		}

		/**
		 * The node answered in full: the connection serves the next request; the record
		 * is handed over before the answer's end reaches the client, so that a client
		 * that has its answer finds its record once the recorder has flushed.
		 */
		private void relayed(LastHttpContent end) {
			answered();
			this.reader.finish();
			leaveNode(elapsedMs());
			record(this.reader, "ok", 200, null);
			end(this.front.writeAndFlush(end));
		}

		/**
		 * The node's answer is complete: its connection serves the next request, unless
		 * the node closes it.
		 */
		private void answered() {
			cancelTimer();
			Channel channel = this.upstream;
			this.upstream = null;
			if (this.nodeKeepAlive) {
				Forwarding.this.connections.release(channel);
			}
			else {
				Forwarding.this.connections.discard(channel);
			}
		}

		/**
		 * The node's refusal is read: passed on when the request is at fault, else
		 * retried.
		 */
		private void refused() {
			answered();
			leaveNode(Double.NaN);
			int status = this.refusedStatus;
			long took = System.nanoTime() - this.sentAt;
			if (status >= 400 && status < 500 && status != 408 && status != 429) {
				// the node is well: the request is at fault, as the node says
				this.node.breaker().onSuccess(took, TimeUnit.NANOSECONDS);
				byte[] answer = this.refusal.toArray();
				record(null, "node_error", status, new String(answer, StandardCharsets.UTF_8));
				respond(HttpResponseStatus.valueOf(status), answer, this.refusedType, null);
				return;
			}
			this.node.breaker().onError(took, TimeUnit.NANOSECONDS, new IllegalStateException("answered " + status));
			retry("answered " + status);
		}

		private void nodeFailed(Throwable cause) {
			cancelTimer();
			if (this.upstream != null) {
				Forwarding.this.connections.discard(this.upstream);
				this.upstream = null;
			}
			if (this.state == State.WAITING || this.state == State.REFUSED) {
				if (this.state == State.WAITING && this.reused && !this.retriedFresh
						&& !(cause instanceof TimeoutException)) {
					// a kept connection the node had closed meanwhile: once more on a new
					// one, not held against the node
					this.retriedFresh = true;
					connect(true);
					return;
				}
				leaveNode(Double.NaN);
				this.node.breaker().onError(System.nanoTime() - this.sentAt, TimeUnit.NANOSECONDS, cause);
				retry(describe(cause));
				return;
			}
			if (this.state != State.RELAYING) {
				return;
			}
			String brokenBy = this.node.url() + " " + describe(cause) + " in the middle of its answer";
			this.node.breaker().onError(0, TimeUnit.NANOSECONDS, cause);
			leaveNode(Double.NaN);
			this.reader.finish();
			record(this.reader, "broken", 200, brokenBy);
			if (this.request.stream()) {
				byte[] event = ("data: " + new String(ApiErrors.body(brokenBy, "server_error", null, "node_failed"),
						StandardCharsets.UTF_8) + "\n\n")
					.getBytes(StandardCharsets.UTF_8);
				this.front.write(new DefaultHttpContent(Unpooled.wrappedBuffer(event)));
				end(this.front.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT));
			}
			else {
				// the answer's length was promised: the client must see it cut
				this.keepAlive = false;
				end(this.front.writeAndFlush(Unpooled.EMPTY_BUFFER));
			}
		}

		private void retry(String why) {
			this.lastError = this.node.url() + " " + why;
			logger.info("Request {}: {}", this.id, this.lastError);
			this.routeIndex++;
			attempt();
		}

		private void leaveNode(double ms) {
			if (this.atNode) {
				this.atNode = false;
				this.node.finished(ms);
			}
		}

		/**
		 * The gateway refuses it (bad input, shed): recorded, answered with the error.
		 */
		private void refuse(HttpStatus status, String message, String type, String param, String code) {
			record(null, "rejected", status.value(), message);
			respond(HttpResponseStatus.valueOf(status.value()), ApiErrors.body(message, type, param, code), JSON, null);
		}

		/** No node could answer it. */
		private void fail(HttpStatus status, String message, String code, String retryAfter) {
			record(null, "failed", status.value(), message);
			HttpHeaders extra = null;
			if (retryAfter != null) {
				extra = new HttpHeaders();
				extra.set(HttpHeaders.RETRY_AFTER, retryAfter);
			}
			respond(HttpResponseStatus.valueOf(status.value()), ApiErrors.body(message, "server_error", null, code),
					JSON, extra);
		}

		/** Answers with a whole response of the gateway's own. */
		private void respond(HttpResponseStatus status, byte[] answer, String contentType, HttpHeaders extra) {
			if (this.state == State.DONE) {
				return;
			}
			FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
					Unpooled.wrappedBuffer(answer), HEADERS, HEADERS);
			response.headers()
				.set(HttpHeaderNames.CONTENT_TYPE, contentType)
				.setInt(HttpHeaderNames.CONTENT_LENGTH, answer.length)
				.set("x-request-id", this.id);
			if (extra != null) {
				extra.forEach((name, values) -> response.headers().set(name, values));
			}
			connection(response);
			end(this.front.writeAndFlush(response));
		}

		/** Tells the client whether its connection stays open after this answer. */
		private void connection(HttpResponse response) {
			if (!this.keepAlive) {
				response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
			}
			else if (this.head.protocolVersion() == HttpVersion.HTTP_1_0) {
				response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
			}
		}

		/**
		 * The answer is written: the connection goes on to its next request, or closes
		 * once the last write is out.
		 */
		private void end(ChannelFuture lastWrite) {
			if (this.state == State.DONE) {
				return;
			}
			this.state = State.DONE;
			if (!this.keepAlive) {
				lastWrite.addListener(ChannelFutureListener.CLOSE);
			}
			Forwarding.this.active.decrementAndGet();
			this.done.run();
		}

		private double elapsedMs() {
			return (System.nanoTime() - this.start) / 1e6;
		}

		private void record(AnswerReader reader, String status, int httpStatus, String error) {
			if (this.recorded) {
				return;
			}
			this.recorded = true;
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
			Forwarding.this.recorder
				.record(new RequestOutcome(this.id, (this.caller != null) ? this.caller.teamId() : null,
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
