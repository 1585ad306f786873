package ai.elms.node.api;

import java.util.List;

import ai.elms.engine.ChatMessage;
import ai.elms.node.model.LoadedModel;
import ai.elms.node.scheduling.InferenceJob;
import ai.elms.node.scheduling.InferenceOutcome;
import ai.elms.node.scheduling.JobEvent;
import jakarta.validation.Valid;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /v1/chat/completions}, whole or streamed. */
@RestController
class ChatCompletionsController {

	private final Admission admission;

	private final Responses responses;

	ChatCompletionsController(Admission admission, Responses responses) {
		this.admission = admission;
		this.responses = responses;
	}

	@PostMapping("/v1/chat/completions")
	Mono<ResponseEntity<Flux<byte[]>>> create(@Valid @RequestBody ChatCompletionRequest request,
			@RequestHeader HttpHeaders headers) {
		long arrivalNanos = System.nanoTime();
		// tokenizing a long prompt takes a while: off the event loop
		return Mono.fromCallable(() -> {
			LoadedModel model = this.admission.model();
			List<ChatMessage> messages = messages(request);
			int[] prompt = this.admission.tokenize(model, model.engine().renderChat(messages), "messages");
			InferenceJob job = this.admission.admit(model, prompt, model.partsOf(prompt, messages), "messages",
					model.engine().answerLead(), request, headers, arrivalNanos);
			return respond(request, job, CompletionIdentity.of("chatcmpl-", model));
		}).subscribeOn(Schedulers.boundedElastic()).flatMap((response) -> response);
	}

	static List<ChatMessage> messages(ChatCompletionRequest request) {
		return request.messages()
			.stream()
			.map((message) -> new ChatMessage(message.role(), message.content().text()))
			.toList();
	}

	private Mono<ResponseEntity<Flux<byte[]>>> respond(ChatCompletionRequest request, InferenceJob job,
			CompletionIdentity identity) {
		boolean hasSlo = !job.request().slo().isEmpty();
		if (request.streaming()) {
			return Mono.just(this.responses.stream(chunks(job, identity, hasSlo, request.includeUsage()), job));
		}
		return job.events()
			.last()
			.map((done) -> this.responses.json(completion(((JobEvent.Done) done).outcome(), identity, hasSlo)))
			.doOnCancel(job::cancel);
	}

	static ChatCompletion completion(InferenceOutcome outcome, CompletionIdentity identity, boolean hasSlo) {
		ChatCompletion.Choice choice = new ChatCompletion.Choice(0,
				new ChatCompletion.Message("assistant", outcome.result().text(), null), null,
				outcome.result().finishReason().openAiName());
		return new ChatCompletion(identity.id(), "chat.completion", identity.created(), identity.model(),
				identity.systemFingerprint(), List.of(choice), Usage.of(outcome), Elastic.of(outcome, hasSlo),
				Timings.of(outcome));
	}

	/**
	 * A role chunk, a chunk per delta, the finish chunk, and the usage chunk if asked
	 * for.
	 */
	private static Flux<ChatCompletionChunk> chunks(InferenceJob job, CompletionIdentity identity, boolean hasSlo,
			boolean includeUsage) {
		ChatCompletionChunk role = chunk(identity, new ChatCompletionChunk.Delta("assistant", ""), null);
		return Flux.concat(Mono.just(role), job.events().concatMapIterable((event) -> {
			if (event instanceof JobEvent.Delta delta) {
				return List.of(chunk(identity, new ChatCompletionChunk.Delta(null, delta.text()), null));
			}
			InferenceOutcome outcome = ((JobEvent.Done) event).outcome();
			ChatCompletionChunk finish = chunk(identity, new ChatCompletionChunk.Delta(null, null),
					outcome.result().finishReason().openAiName());
			ChatCompletionChunk usage = new ChatCompletionChunk(identity.id(), "chat.completion.chunk",
					identity.created(), identity.model(), identity.systemFingerprint(), List.of(), Usage.of(outcome),
					Elastic.of(outcome, hasSlo), Timings.of(outcome));
			return includeUsage ? List.of(finish, usage) : List.of(withExtensions(finish, usage));
		}));
	}

	private static ChatCompletionChunk chunk(CompletionIdentity identity, ChatCompletionChunk.Delta delta,
			String finishReason) {
		return new ChatCompletionChunk(identity.id(), "chat.completion.chunk", identity.created(), identity.model(),
				identity.systemFingerprint(), List.of(new ChatCompletionChunk.Choice(0, delta, null, finishReason)),
				null, null, null);
	}

	/**
	 * Without a usage chunk, the finish chunk is the last one and carries usage, elastic
	 * and timings.
	 */
	private static ChatCompletionChunk withExtensions(ChatCompletionChunk finish, ChatCompletionChunk usage) {
		return new ChatCompletionChunk(finish.id(), finish.object(), finish.created(), finish.model(),
				finish.systemFingerprint(), finish.choices(), usage.usage(), usage.elastic(), usage.timings());
	}

}
