package ai.elms.node.api;

import java.util.List;
import java.util.Map;

import ai.elms.node.NodeHttpTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HealthAndMetricsHttpTest extends NodeHttpTest {

	@Test
	void reportsReadyAndLiveOnceLoaded() {
		assertThat(get("/actuator/health/readiness", 200).get("status").asString()).isEqualTo("UP");
		assertThat(get("/actuator/health/liveness", 200).get("status").asString()).isEqualTo("UP");
		assertThat(get("/actuator/health", 200).get("status").asString()).isEqualTo("UP");
	}

	@Test
	void exportsRequestMetricsUnderElmsAndGatewayNames() {
		post("/v1/chat/completions", Map.of("messages", List.of(userMessage("Hello")), "max_tokens", 3), 200);
		post("/v1/chat/completions",
				Map.of("messages", List.of(userMessage("Hello")), "max_tokens", 3, "slo", Map.of("ttft_ms", 0.001)),
				200);
		post("/v1/chat/completions", Map.of("messages", List.of(userMessage("Hello")), "max_tokens", 3, "slo",
				Map.of("ttft_ms", 3_600_000, "tpot_ms", 3_600_000)), 200);
		post("/v1/chat/completions",
				Map.of("messages", List.of(userMessage("Hello")), "max_tokens", 2, "options", List.of(" yes", " no")),
				200);
		String metrics = prometheus();
		assertThat(metrics).contains("elms_time_to_first_token_seconds_bucket{",
				"elms_inter_token_latency_seconds_bucket{", "elms_e2e_request_latency_seconds_bucket{",
				"elms_request_queue_time_seconds_bucket{", "\nelms_num_requests_waiting ",
				"\nelms_num_requests_running ", "\nvllm:num_requests_waiting ", "\nvllm:num_requests_running ",
				"\nvllm:kv_cache_usage_perc ", "elms_requests_total{finish_reason=\"length\",level=\"1.0\"}",
				"elms_slo_met_total{slo=\"ttft\"}", "elms_slo_met_total{slo=\"tpot\"}",
				"elms_slo_missed_total{slo=\"ttft\"}");
		// sampled, the smallest level may end its answer before max_tokens
		assertThat(metrics).containsPattern("elms_requests_total\\{finish_reason=\"(length|stop)\",level=\"0.2\"\\}");
		assertThat(metric("vllm:num_requests_waiting")).isZero();
		assertThat(metric("elms_num_requests_running")).isZero();
		// every token a request held, its prompt twice with options, is given back
		assertThat(metric("vllm:kv_cache_usage_perc")).isZero();
		assertThat(metric("elms_slo_missed_total{slo=\"ttft\"}")).isGreaterThanOrEqualTo(1);
	}

}
