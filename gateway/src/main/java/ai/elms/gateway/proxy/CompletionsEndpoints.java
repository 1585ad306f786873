package ai.elms.gateway.proxy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.netty.NettyPipeline;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAI-compatible endpoints teams call, the node's API with the same SLO fields
 * ({@code slo} in the body or the {@code x-slo-ttft-ms} and {@code x-slo-tpot-ms}
 * headers, {@code strategy}), plus {@code sheddable}: refuse with 429 rather than miss.
 * They are the gateway's hot path, so they are served on Netty's own handlers, right
 * after the HTTP codec and ahead of all of WebFlux: a request is authenticated, rate
 * limited, routed and forwarded, and nothing else.
 */
@Configuration(proxyBeanMethods = false)
class CompletionsEndpoints {

	private static final Logger logger = LoggerFactory.getLogger(CompletionsEndpoints.class);

	@Bean
	NettyServerCustomizer completionsOnNetty(Forwarding forwarding) {
		return (server) -> server.doOnChannelInit((observer, channel, address) -> {
			if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
				channel.pipeline()
					.addAfter(NettyPipeline.HttpCodec, "elms.completions", new CompletionsHandler(forwarding));
			}
			else {
				logger.warn("No HTTP/1.1 codec on {}: completions go through WebFlux's dispatcher, which has none",
						channel);
			}
		});
	}

}
