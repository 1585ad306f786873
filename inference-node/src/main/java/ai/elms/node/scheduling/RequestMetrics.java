package ai.elms.node.scheduling;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import ai.elms.engine.FinishReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.stereotype.Component;

/**
 * The node's request metrics, exported at {@code /actuator/prometheus}. Names follow
 * vLLM's with an {@code elms_} prefix; the load gauges are also exported under the
 * {@code vllm:} names that the Kubernetes Gateway API Inference Extension scrapes from
 * model servers.
 */
@Component
class RequestMetrics {

	private static final Duration[] LATENCY_BUCKETS = durations(1, 5, 10, 20, 40, 60, 80, 100, 250, 500, 750, 1000,
			2500, 5000, 7500, 10_000, 20_000, 40_000, 80_000);

	private static final Duration[] INTER_TOKEN_BUCKETS = durations(1, 2.5, 5, 10, 15, 20, 25, 30, 40, 50, 75, 100, 150,
			200, 300, 400, 500, 750, 1000, 2500);

	private final MeterRegistry registry;

	private final Timer timeToFirstToken;

	private final Timer interTokenLatency;

	private final Timer endToEnd;

	private final Timer queueTime;

	RequestMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.timeToFirstToken = histogram("elms.time_to_first_token",
				"Time from arrival to the first token, queue included", LATENCY_BUCKETS);
		this.interTokenLatency = histogram("elms.inter_token_latency",
				"Time between two pieces of generated text (one token, unless text is held back for a stop string)",
				INTER_TOKEN_BUCKETS);
		this.endToEnd = histogram("elms.e2e_request_latency", "Time from arrival to the last token", LATENCY_BUCKETS);
		this.queueTime = histogram("elms.request_queue_time", "Time from arrival to dispatch to a worker",
				LATENCY_BUCKETS);
	}

	/** Registers the load gauges over the scheduler's live state. */
	void bindLoad(IntSupplier waiting, IntSupplier running, DoubleSupplier kvCacheUsage) {
		gauge("elms.num_requests_waiting", "Requests waiting in the queue", waiting::getAsInt);
		gauge("elms.num_requests_running", "Requests generating", running::getAsInt);
		gauge("vllm:num_requests_waiting", "Requests waiting in the queue (name read by inference gateways)",
				waiting::getAsInt);
		gauge("vllm:num_requests_running", "Requests generating (name read by inference gateways)", running::getAsInt);
		gauge("vllm:kv_cache_usage_perc",
				"Share of the KV-cache capacity (concurrency x context length) held by running requests, 1 = full",
				kvCacheUsage::getAsDouble);
	}

	void queued(long queueNanos) {
		this.queueTime.record(queueNanos, TimeUnit.NANOSECONDS);
	}

	void interToken(long gapNanos) {
		this.interTokenLatency.record(gapNanos, TimeUnit.NANOSECONDS);
	}

	void rejected(String reason) {
		Counter.builder("elms.requests.rejected")
			.description("Requests refused at admission")
			.tag("reason", reason)
			.register(this.registry)
			.increment();
	}

	void finished(InferenceOutcome outcome) {
		FinishReason reason = outcome.result().finishReason();
		Counter.builder("elms.requests")
			.description("Requests served, by level and finish reason")
			.tag("level", Double.toString(outcome.level().share()))
			.tag("finish_reason", reason.openAiName())
			.register(this.registry)
			.increment();
		if (reason == FinishReason.CANCELLED) {
			return;
		}
		this.timeToFirstToken.record(nanos(outcome.ttftMs()), TimeUnit.NANOSECONDS);
		this.endToEnd.record(nanos(outcome.e2eMs()), TimeUnit.NANOSECONDS);
		slo("ttft", outcome.sloTtftMet());
		slo("tpot", outcome.sloTpotMet());
	}

	private void slo(String slo, Boolean met) {
		if (met != null) {
			Counter.builder(met ? "elms.slo.met" : "elms.slo.missed")
				.description(met ? "Requests that met their SLO" : "Requests that missed their SLO")
				.tag("slo", slo)
				.register(this.registry)
				.increment();
		}
	}

	private Timer histogram(String name, String description, Duration[] buckets) {
		return Timer.builder(name).description(description).serviceLevelObjectives(buckets).register(this.registry);
	}

	private void gauge(String name, String description, Supplier<Number> value) {
		Gauge.builder(name, value).description(description).register(this.registry);
	}

	private static long nanos(double ms) {
		return Math.round(ms * 1e6);
	}

	private static Duration[] durations(double... ms) {
		Duration[] durations = new Duration[ms.length];
		for (int i = 0; i < ms.length; i++) {
			durations[i] = Duration.ofNanos(nanos(ms[i]));
		}
		return durations;
	}

}
