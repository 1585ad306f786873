package ai.elms.node.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import ai.elms.engine.ChatMessage;
import ai.elms.node.model.LoadedModel;
import ai.elms.node.model.ModelWarmingUp;
import ai.elms.node.scheduling.InferenceOutcome;
import ai.elms.node.scheduling.InferenceRequest;
import ai.elms.node.scheduling.InferenceScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.event.EventListener;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Takes a chat request's path once before the node serves a model, as the controller
 * does: its JSON decoded by the server's mapper, on a thread of the scheduler that
 * requests are tokenized on, the prompt tokenized and checked, the request served on a
 * worker's path under a tight SLO, the answer encoded: the chat and SLO the model's own
 * warm-up served. Neither the metrics nor the latency calibration see it. The engine's
 * path is warmed before (by the model's own warm-up); without this one the first request
 * still paid 7 to 20 ms of admission and scheduling in a JVM that had not run them.
 */
@Component
class RequestPathWarmUp {

	private static final Logger logger = LoggerFactory.getLogger(RequestPathWarmUp.class);

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private final Admission admission;

	private final InferenceScheduler scheduler;

	private final JsonMapper json;

	RequestPathWarmUp(Admission admission, InferenceScheduler scheduler, JsonMapper json) {
		this.admission = admission;
		this.scheduler = scheduler;
		this.json = json;
	}

	@EventListener
	void warmUp(ModelWarmingUp event) {
		long start = System.nanoTime();
		byte[] answer = Mono.fromCallable(() -> serve(event)).subscribeOn(Schedulers.boundedElastic()).block(TIMEOUT);
		logger.info("Warmed up the request path in {} ms ({} bytes answered)", (System.nanoTime() - start) / 1_000_000,
				(answer != null) ? answer.length : 0);
	}

	/** The chat and SLO of the model's own warm-up, sent as a client would. */
	private byte[] serve(ModelWarmingUp event) {
		long arrivalNanos = System.nanoTime();
		LoadedModel model = event.model();
		Map<String, Object> body = Map.of("messages",
				event.chat()
					.stream()
					.map((message) -> Map.of("role", message.role(), "content", message.content()))
					.toList(),
				"max_tokens", 2, "slo", Map.of("ttft_ms", event.slo().ttftMs(), "tpot_ms", event.slo().tpotMs()));
		ChatCompletionRequest request = this.json.readValue(this.json.writeValueAsBytes(body),
				ChatCompletionRequest.class);
		List<ChatMessage> messages = ChatCompletionsController.messages(request);
		int[] prompt = this.admission.tokenize(model, model.engine().renderChat(messages), "messages");
		InferenceRequest inference = this.admission.request(model, prompt, model.partsOf(prompt, messages), "messages",
				model.engine().answerLead(), request, HttpHeaders.EMPTY, arrivalNanos);
		InferenceOutcome outcome = this.scheduler.warmUp(model, inference);
		return this.json.writeValueAsBytes(
				ChatCompletionsController.completion(outcome, CompletionIdentity.of("chatcmpl-", model), true));
	}

}
