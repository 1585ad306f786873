package ai.elms.gateway.routing;

import java.util.List;

import ai.elms.gateway.config.GatewayProperties;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RoutingConfiguration {

	/** The policy the settings name; an unknown name stops the gateway at start. */
	@Bean
	RoutingPolicy routingPolicy(GatewayProperties properties) {
		List<RoutingPolicy> known = List.of(new SloRouting(), new RoundRobinRouting());
		return known.stream()
			.filter((policy) -> policy.name().equals(properties.policy()))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException(
					"unknown elms.gateway.policy '" + properties.policy() + "': use slo or round-robin"));
	}

}
