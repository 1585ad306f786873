package ai.elms.gateway.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Every setting of the gateway, documented in the module's README.
 *
 * @param nodes the static fleet: base URLs of inference nodes
 * @param adminKey the key of the admin API ({@code ELMS_ADMIN_KEY}); unset turns the
 * admin API off
 * @param name this gateway's name in the records (several gateways may share one
 * database)
 * @param policy how requests are routed: {@code slo} (the node that meets the SLO at the
 * highest level) or {@code round-robin}
 * @param nodeHosts the hosts at which nodes may be registered through the admin API:
 * names, or {@code *.suffix}; loopback and the static nodes' hosts are always allowed
 * @param charsPerToken characters per prompt token, to estimate a prompt's length without
 * its tokenizer
 * @param polling how nodes are polled
 * @param retry how a request is retried on another node
 * @param breaker the circuit breaker of each node
 * @param rateLimit each API key's token bucket
 */
@Validated
@ConfigurationProperties("elms.gateway")
public record GatewayProperties(@DefaultValue List<URI> nodes, String adminKey, @DefaultValue("gateway") String name,
		@DefaultValue("slo") String policy, @DefaultValue List<String> nodeHosts,
		@DefaultValue("3.5") @DecimalMin("0.5") double charsPerToken, @DefaultValue @Valid Polling polling,
		@DefaultValue @Valid Retry retry, @DefaultValue @Valid Breaker breaker,
		@DefaultValue @Valid RateLimit rateLimit) {

	/**
	 * @param interval between two polls of a node
	 * @param timeout of one poll
	 */
	public record Polling(@DefaultValue("1s") Duration interval, @DefaultValue("2s") Duration timeout) {
	}

	/**
	 * @param attempts nodes tried at most for one request
	 * @param connectTimeout to connect to a node
	 * @param firstByteTimeout from sending a request to a node to its first byte of
	 * answer; a node that takes longer counts as failed and the next one is tried
	 */
	public record Retry(@DefaultValue("3") @Min(1) int attempts, @DefaultValue("1s") Duration connectTimeout,
			@DefaultValue("60s") Duration firstByteTimeout) {
	}

	/**
	 * @param failureRate percent of failed calls in the window that opens the breaker
	 * @param window calls the failure rate is taken over
	 * @param openFor how long an open breaker refuses calls before it lets a few through
	 */
	public record Breaker(@DefaultValue("50") @Min(1) int failureRate, @DefaultValue("10") @Min(1) int window,
			@DefaultValue("10s") Duration openFor) {
	}

	/**
	 * @param requestsPerSecond the rate a key's bucket refills at
	 * @param burst the bucket's size
	 */
	public record RateLimit(@DefaultValue("50") @DecimalMin("0.001") double requestsPerSecond,
			@DefaultValue("100") @Min(1) int burst) {
	}

}
