package ai.elms.gateway.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

import javax.net.ssl.SSLException;

import ai.elms.gateway.config.GatewayProperties;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocal;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.HttpResources;

import org.springframework.stereotype.Component;

/**
 * Connections to the nodes, kept open between requests. Each event loop has its own idle
 * connections, and a request takes one of the loop its client's connection is on, so that
 * a request and its answer never change threads. A node's name is resolved off the event
 * loop and kept for 30 s.
 */
@Component
class NodeConnections {

	/** Idle connections kept per event loop and node; more are closed. */
	private static final int MAX_IDLE = 512;

	/** An idle connection older than this is closed rather than reused. */
	private static final long MAX_IDLE_NANOS = 30_000_000_000L;

	private static final long RESOLVED_NANOS = 30_000_000_000L;

	private final int connectTimeoutMs;

	private final FastThreadLocal<Map<String, ArrayDeque<Channel>>> idle = new FastThreadLocal<>() {

		@Override
		protected Map<String, ArrayDeque<Channel>> initialValue() {
			return new HashMap<>();
		}

	};

	private final Map<String, Resolved> resolved = new ConcurrentHashMap<>();

	private volatile SslContext tls;

	NodeConnections(GatewayProperties properties) {
		this.connectTimeoutMs = (int) properties.retry().connectTimeout().toMillis();
	}

	/**
	 * A connection to a node on this event loop, idle or new, handed to {@code then} on
	 * the loop: the channel and whether it was used before, or why none could be had.
	 * @param fresh whether to open a new one even where an idle one is kept
	 */
	void acquire(EventLoop loop, URI node, boolean fresh, Exchange exchange, Acquired then) {
		String key = key(node);
		if (!fresh) {
			ArrayDeque<Channel> channels = this.idle.get().get(key);
			long now = System.nanoTime();
			Channel channel;
			while (channels != null && (channel = channels.pollLast()) != null) {
				Connection connection = channel.pipeline().get(Connection.class);
				if (channel.isActive() && connection != null && now - connection.idleSince < MAX_IDLE_NANOS) {
					connection.exchange = exchange;
					then.accept(channel, null, true);
					return;
				}
				channel.close();
			}
		}
		address(node, loop, (address, failure) -> {
			if (failure != null) {
				then.accept(null, failure, false);
				return;
			}
			Connection connection = new Connection(this, key);
			connection.exchange = exchange;
			new Bootstrap().group(loop)
				.channel(HttpResources.get().onChannelClass(SocketChannel.class, loop))
				.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, this.connectTimeoutMs)
				// a request's head and body leave at once, not after the node's delayed
				// ACK
				.option(ChannelOption.TCP_NODELAY, true)
				.handler(new ChannelInitializer<SocketChannel>() {

					@Override
					protected void initChannel(SocketChannel channel) throws SSLException {
						if ("https".equals(node.getScheme())) {
							channel.pipeline().addLast(tls(channel, node));
						}
						channel.pipeline().addLast(new HttpClientCodec(), connection);
					}

				})
				.connect(address)
				.addListener((ChannelFutureListener) (future) -> {
					if (future.isSuccess()) {
						then.accept(future.channel(), null, false);
					}
					else {
						then.accept(null, future.cause(), false);
					}
				});
		});
	}

	/**
	 * TLS to an {@code https} node: the JDK's trust store (or
	 * {@code javax.net.ssl.trustStore}), its host name checked against its certificate.
	 */
	private SslHandler tls(SocketChannel channel, URI node) throws SSLException {
		SslContext context = this.tls;
		if (context == null) {
			context = SslContextBuilder.forClient().endpointIdentificationAlgorithm("HTTPS").build();
			this.tls = context;
		}
		return context.newHandler(channel.alloc(), node.getHost(), port(node));
	}

	/** Keeps a connection whose answer is complete for the next request, on its loop. */
	void release(Channel channel) {
		Connection connection = channel.pipeline().get(Connection.class);
		if (!channel.isActive() || connection == null) {
			channel.close();
			return;
		}
		connection.exchange = null;
		connection.idleSince = System.nanoTime();
		channel.config().setAutoRead(true);
		ArrayDeque<Channel> channels = this.idle.get().computeIfAbsent(connection.key, (k) -> new ArrayDeque<>());
		if (channels.size() >= MAX_IDLE) {
			channel.close();
			return;
		}
		channels.addLast(channel);
	}

	/** Closes a connection its request gives up, without telling the request. */
	void discard(Channel channel) {
		Connection connection = channel.pipeline().get(Connection.class);
		if (connection != null) {
			connection.exchange = null;
		}
		channel.close();
	}

	private void address(URI node, EventLoop loop, BiConsumer<InetSocketAddress, Throwable> then) {
		String key = key(node);
		Resolved known = this.resolved.get(key);
		long now = System.nanoTime();
		if (known != null) {
			if (now - known.at > RESOLVED_NANOS) {
				resolve(node).subscribe((address) -> this.resolved.put(key, new Resolved(address, System.nanoTime())),
						(ex) -> this.resolved.remove(key));
			}
			then.accept(known.address, null);
			return;
		}
		resolve(node).subscribe((address) -> {
			this.resolved.put(key, new Resolved(address, System.nanoTime()));
			loop.execute(() -> then.accept(address, null));
		}, (ex) -> loop.execute(() -> then.accept(null, ex)));
	}

	private static Mono<InetSocketAddress> resolve(URI node) {
		return Mono.fromCallable(() -> {
			InetSocketAddress address = new InetSocketAddress(node.getHost(), port(node));
			if (address.isUnresolved()) {
				throw new UnknownHostException(node.getHost());
			}
			return address;
		}).subscribeOn(Schedulers.boundedElastic());
	}

	private static int port(URI node) {
		return (node.getPort() >= 0) ? node.getPort() : ("https".equals(node.getScheme()) ? 443 : 80);
	}

	private static String key(URI node) {
		return node.getScheme() + "://" + node.getHost() + ":" + port(node);
	}

	/** What {@link #acquire} hands over. */
	@FunctionalInterface
	interface Acquired {

		void accept(Channel channel, Throwable failure, boolean reused);

	}

	/** What a connection tells the request it serves. */
	interface Exchange {

		void onHead(HttpResponse head);

		void onContent(HttpContent content);

		/** The events of one read are all told: time to flush them on. */
		void onReadComplete();

		/** The connection failed or closed before the answer was complete. */
		void onFailure(Throwable cause);

	}

	private record Resolved(InetSocketAddress address, long at) {
	}

	/** A node connection's end of the pipeline: hands its events to its request. */
	private static final class Connection extends ChannelInboundHandlerAdapter {

		final NodeConnections owner;

		final String key;

		Exchange exchange;

		long idleSince;

		Connection(NodeConnections owner, String key) {
			this.owner = owner;
			this.key = key;
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			Exchange exchange = this.exchange;
			if (exchange == null) {
				// an idle connection the node sends to unasked: not to be trusted again
				ReferenceCountUtil.release(msg);
				ctx.close();
				return;
			}
			if (msg instanceof HttpResponse head) {
				exchange.onHead(head);
			}
			if (msg instanceof HttpContent content) {
				try {
					exchange.onContent(content);
				}
				finally {
					content.release();
				}
			}
			else {
				ReferenceCountUtil.release(msg);
			}
		}

		@Override
		public void channelReadComplete(ChannelHandlerContext ctx) {
			Exchange exchange = this.exchange;
			if (exchange != null) {
				exchange.onReadComplete();
			}
		}

		@Override
		public void channelInactive(ChannelHandlerContext ctx) {
			Exchange exchange = this.exchange;
			this.exchange = null;
			if (exchange != null) {
				exchange.onFailure(new IOException("the connection closed before the answer was complete"));
			}
		}

		@Override
		public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
			Exchange exchange = this.exchange;
			this.exchange = null;
			ctx.close();
			if (exchange != null) {
				exchange.onFailure(cause);
			}
		}

	}

}
