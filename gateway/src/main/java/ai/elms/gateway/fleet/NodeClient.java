package ai.elms.gateway.fleet;

import java.time.Duration;

import ai.elms.gateway.config.GatewayProperties;
import io.netty.channel.ChannelOption;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.ExchangeStrategies;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The HTTP client the gateway calls nodes with: pooled connections, bounded connect time.
 */
@Component
public class NodeClient {

	private final HttpClient http;

	private final WebClient web;

	NodeClient(GatewayProperties properties) {
		ConnectionProvider pool = ConnectionProvider.builder("elms-nodes")
			.maxConnections(1024)
			.pendingAcquireMaxCount(-1)
			.maxIdleTime(Duration.ofSeconds(30))
			.build();
		HttpClient http = HttpClient.create(pool)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) properties.retry().connectTimeout().toMillis())
			// a request's headers and body leave at once, not after the node's delayed
			// ACK
			.option(ChannelOption.TCP_NODELAY, true);
		this.http = http;
		this.web = WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(http))
			.exchangeStrategies(ExchangeStrategies.builder()
				.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(16 * 1024 * 1024))
				.build())
			.build();
	}

	/** For the requests the gateway forwards: Reactor Netty's client itself. */
	public HttpClient http() {
		return this.http;
	}

	public WebClient web() {
		return this.web;
	}

}
