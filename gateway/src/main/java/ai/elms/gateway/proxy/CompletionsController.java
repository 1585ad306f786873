package ai.elms.gateway.proxy;

import reactor.core.publisher.Mono;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * The OpenAI-compatible endpoints teams call, the node's API with the same SLO fields
 * ({@code slo} in the body or the {@code x-slo-ttft-ms} and {@code x-slo-tpot-ms}
 * headers, {@code strategy}), plus {@code sheddable}: refuse with 429 rather than miss.
 */
@RestController
class CompletionsController {

	private final Forwarding forwarding;

	CompletionsController(Forwarding forwarding) {
		this.forwarding = forwarding;
	}

	@PostMapping("/v1/chat/completions")
	Mono<Void> chat(ServerWebExchange exchange) {
		return this.forwarding.forward(exchange, "chat.completions", "/v1/chat/completions");
	}

	@PostMapping("/v1/completions")
	Mono<Void> completions(ServerWebExchange exchange) {
		return this.forwarding.forward(exchange, "completions", "/v1/completions");
	}

}
