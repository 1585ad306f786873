package ai.elms.gateway.teams;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import ai.elms.gateway.config.GatewayProperties;

import org.springframework.stereotype.Component;

/**
 * A token bucket per API key, on this gateway: {@code burst} requests at once, refilled
 * at {@code requests-per-second}.
 */
@Component
class RateLimiter {

	private final double rate;

	private final double burst;

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	RateLimiter(GatewayProperties properties) {
		this.rate = properties.rateLimit().requestsPerSecond();
		this.burst = properties.rateLimit().burst();
	}

	/**
	 * Takes a token for a key.
	 * @return 0 when the request may go, else the seconds until a token is there
	 */
	long take(String keyId, long nowNanos) {
		Bucket bucket = this.buckets.computeIfAbsent(keyId, (k) -> new Bucket(this.burst, nowNanos));
		synchronized (bucket) {
			double elapsed = (nowNanos - bucket.updatedNanos) / 1e9;
			bucket.tokens = Math.min(this.burst, bucket.tokens + elapsed * this.rate);
			bucket.updatedNanos = nowNanos;
			if (bucket.tokens >= 1) {
				bucket.tokens -= 1;
				return 0;
			}
			return (long) Math.ceil((1 - bucket.tokens) / this.rate);
		}
	}

	private static final class Bucket {

		double tokens;

		long updatedNanos;

		Bucket(double tokens, long nanos) {
			this.tokens = tokens;
			this.updatedNanos = nanos;
		}

	}

}
