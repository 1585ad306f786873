package ai.elms.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The ELMS gateway: one OpenAI-compatible endpoint for many teams in front of a fleet of
 * inference nodes. It routes each request to the node that meets its SLO at the highest
 * level, and records every request.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

	public static void main(String[] args) {
		// one event loop per core, not Reactor Netty's floor of four: on a small machine
		// the extra loops only take turns on the same cores (a third less throughput on
		// two)
		if (System.getProperty("reactor.netty.ioWorkerCount") == null) {
			System.setProperty("reactor.netty.ioWorkerCount",
					Integer.toString(Runtime.getRuntime().availableProcessors()));
		}
		SpringApplication.run(GatewayApplication.class, args);
	}

}
