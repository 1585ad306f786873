package ai.elms.gateway.proxy;

import java.util.ArrayDeque;
import java.util.Map;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * On each client connection, right after the HTTP codec: takes the completion requests
 * for {@link Forwarding} and lets every other request go on to WebFlux. Answers leave in
 * the order their requests came (HTTP/1.1 pipelining): a request waits here while an
 * earlier one is being answered by the other side.
 */
final class CompletionsHandler extends ChannelDuplexHandler {

	/** Path to the endpoint's name in the records. */
	private static final Map<String, String> ENDPOINTS = Map.of("/v1/chat/completions", "chat.completions",
			"/v1/completions", "completions");

	/** Bytes a client may send ahead of the answers it waits for. */
	private static final long MAX_HELD_BYTES = 2L * Forwarding.MAX_BODY;

	private final Forwarding forwarding;

	/** The completion request being received or answered, or null. */
	private Forwarding.Call call;

	/** Requests passed on to WebFlux and not answered in full yet. */
	private int passedOn;

	/** Whether the request last passed on has more body to come. */
	private boolean passingBody;

	/** What arrived while an earlier request is answered. */
	private final ArrayDeque<Object> held = new ArrayDeque<>();

	private long heldBytes;

	private boolean draining;

	private ChannelHandlerContext context;

	CompletionsHandler(Forwarding forwarding) {
		this.forwarding = forwarding;
	}

	@Override
	public void handlerAdded(ChannelHandlerContext ctx) {
		this.context = ctx;
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (!this.held.isEmpty() || !dispatch(ctx, msg)) {
			hold(ctx, msg);
		}
	}

	/**
	 * Takes a message on, unless it has to wait for an earlier answer.
	 * @return whether it was taken
	 */
	private boolean dispatch(ChannelHandlerContext ctx, Object msg) {
		if (this.call != null) {
			if (this.call.receiving() && msg instanceof HttpContent content) {
				feed(this.call, content);
				return true;
			}
			return false;
		}
		if (msg instanceof HttpRequest request) {
			String path = path(request.uri());
			String endpoint = ENDPOINTS.get(path);
			if (endpoint == null || request.decoderResult().isFailure()) {
				this.passedOn++;
				this.passingBody = !(msg instanceof LastHttpContent);
				ctx.fireChannelRead(msg);
				return true;
			}
			if (this.passedOn > 0) {
				return false;
			}
			Forwarding.Call started = this.forwarding.start(ctx, request, path, endpoint, this::answered);
			if (!started.finished()) {
				this.call = started;
				if (msg instanceof HttpContent content) {
					feed(started, content);
				}
			}
			else {
				ReferenceCountUtil.release(msg);
			}
			return true;
		}
		if (msg instanceof HttpContent && !this.passingBody) {
			// the rest of a body whose request was answered early (too large)
			ReferenceCountUtil.release(msg);
			return true;
		}
		if (msg instanceof LastHttpContent) {
			this.passingBody = false;
		}
		ctx.fireChannelRead(msg);
		return true;
	}

	/** A piece of a completion request's body, released once taken. */
	private static void feed(Forwarding.Call call, HttpContent content) {
		try {
			call.content(content);
		}
		finally {
			content.release();
		}
	}

	private void hold(ChannelHandlerContext ctx, Object msg) {
		this.held.add(msg);
		if (msg instanceof ByteBufHolder holder) {
			this.heldBytes += holder.content().readableBytes();
		}
		else if (msg instanceof ByteBuf bytes) {
			this.heldBytes += bytes.readableBytes();
		}
		if (this.heldBytes > MAX_HELD_BYTES) {
			ctx.close();
		}
	}

	/**
	 * Goes on with what waited, as far as it can, in a task of its own: never inside the
	 * write or the read that ended the answer before.
	 */
	private void drainLater(ChannelHandlerContext ctx) {
		if (!this.held.isEmpty()) {
			ctx.executor().execute(() -> drain(ctx));
		}
	}

	private void drain(ChannelHandlerContext ctx) {
		if (this.draining || !ctx.channel().isActive()) {
			return;
		}
		this.draining = true;
		try {
			Object msg;
			while ((msg = this.held.poll()) != null) {
				if (!dispatch(ctx, msg)) {
					this.held.addFirst(msg);
					break;
				}
			}
			if (this.held.isEmpty()) {
				this.heldBytes = 0;
			}
		}
		finally {
			this.draining = false;
		}
	}

	/** The completion request is answered (or its client gone). */
	private void answered() {
		this.call = null;
		if (this.context.channel().isActive()) {
			drainLater(this.context);
			readOn(this.context);
		}
	}

	/**
	 * Reads on where WebFlux reads only when asked ({@code autoRead} off): the body of a
	 * completion request, and the request after its answer.
	 */
	private void readOn(ChannelHandlerContext ctx) {
		if (!ctx.channel().config().isAutoRead() && (this.call == null || this.call.receiving())) {
			ctx.read();
		}
	}

	@Override
	public void channelReadComplete(ChannelHandlerContext ctx) {
		if (this.call != null && this.call.receiving()) {
			readOn(ctx);
		}
		ctx.fireChannelReadComplete();
	}

	/** WebFlux's answers pass here on their way out. */
	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		boolean ends = msg instanceof LastHttpContent
				&& !(msg instanceof HttpResponse response && response.status().code() < 200);
		ctx.write(msg, promise);
		if (ends && this.passedOn > 0 && --this.passedOn == 0) {
			drainLater(ctx);
		}
	}

	@Override
	public void channelWritabilityChanged(ChannelHandlerContext ctx) {
		if (this.call != null) {
			this.call.writable(ctx.channel().isWritable());
		}
		ctx.fireChannelWritabilityChanged();
	}

	@Override
	public void channelInactive(ChannelHandlerContext ctx) {
		Object msg;
		while ((msg = this.held.poll()) != null) {
			ReferenceCountUtil.release(msg);
		}
		Forwarding.Call gone = this.call;
		this.call = null;
		if (gone != null) {
			gone.clientGone();
		}
		ctx.fireChannelInactive();
	}

	private static String path(String uri) {
		int end = uri.indexOf('?');
		return (end >= 0) ? uri.substring(0, end) : uri;
	}

}
