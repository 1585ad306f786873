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
 * worker's path under a tight SLO, the answer encoded. Neither the metrics nor the
 * latency calibration see it. The engine's path is warmed before (by the model's own
 * warm-up); without this one the first request still paid 7 to 20 ms of admission and
 * scheduling in a JVM that had not run them.
 */
@Component
class RequestPathWarmUp {

	private static final Logger logger = LoggerFactory.getLogger(RequestPathWarmUp.class);

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	/** A system part of about two hundred tokens, for the tiny model to compress. */
	private static final String SYSTEM = "You are the assistant of a phone. Answer in a few words. ".repeat(16);

	private static final String USER = "What is the time?";

	/** The prompt length the tight SLO is set for. */
	private static final int PROMPT_TOKENS = 256;

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
		LoadedModel model = event.model();
		long start = System.nanoTime();
		byte[] answer = Mono.fromCallable(() -> serve(model)).subscribeOn(Schedulers.boundedElastic()).block(TIMEOUT);
		logger.info("Warmed up the request path in {} ms ({} bytes answered)", (System.nanoTime() - start) / 1_000_000,
				(answer != null) ? answer.length : 0);
	}

	private byte[] serve(LoadedModel model) {
		long arrivalNanos = System.nanoTime();
		int full = model.profile().levels().size() - 1;
		Map<String, Object> body = Map.of("messages",
				List.of(Map.of("role", "system", "content", SYSTEM), Map.of("role", "user", "content", USER)),
				"max_tokens", 2, "slo", Map.of("ttft_ms", 0.3 * model.profile().predictTtftMs(full, PROMPT_TOKENS),
						"tpot_ms", 0.6 * model.profile().predictTpotMs(full, PROMPT_TOKENS)));
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
