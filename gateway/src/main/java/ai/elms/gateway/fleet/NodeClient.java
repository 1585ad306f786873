package ai.elms.gateway.fleet;

import java.time.Duration;

import ai.elms.gateway.config.GatewayProperties;
import io.netty.channel.ChannelOption;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ExchangeStrategies;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The HTTP client the fleet polls nodes with (readiness, profile, queue, models): pooled
 * connections, bounded connect time. Completions go their own way ({@code proxy}).
 */
@Component
public class NodeClient implements DisposableBean {

	private final LoopResources loop = LoopResources.create("elms-fleet", 1, true);

	private final WebClient web;

	NodeClient(GatewayProperties properties) {
		ConnectionProvider pool = ConnectionProvider.builder("elms-nodes")
			.maxConnections(1024)
			.pendingAcquireMaxCount(-1)
			.maxIdleTime(Duration.ofSeconds(30))
			.build();
		HttpClient http = HttpClient.create(pool)
			// on an event loop of their own, on Java's selector: the calls are few, and
			// on
			// the epoll transport Reactor Netty's client now and then drops an answer's
			// last
			// buffer without releasing it
			.runOn(this.loop, false)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.retry().connectTimeout().toMillis())
			// a request's headers and body leave at once, not after the node's delayed
			// ACK
			.option(ChannelOption.TCP_NODELAY, true);
		this.web = WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(http))
			.exchangeStrategies(ExchangeStrategies.builder()
				.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
				.build())
			.build();
	}

	public WebClient web() {
		return this.web;
	}

	@Override
	public void destroy() {
		this.loop.disposeLater().block(Duration.ofSeconds(5));
	}

}
