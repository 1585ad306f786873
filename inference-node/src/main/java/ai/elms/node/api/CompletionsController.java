package ai.elms.node.api;

import java.util.List;

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

/** {@code POST /v1/completions}: the prompt is continued as it is, whole or streamed. */
@RestController
class CompletionsController {

	private final Admission admission;

	private final Responses responses;

	CompletionsController(Admission admission, Responses responses) {
		this.admission = admission;
		this.responses = responses;
	}

	@PostMapping("/v1/completions")
	Mono<ResponseEntity<Flux<byte[]>>> create(@Valid @RequestBody CompletionRequest request,
			@RequestHeader HttpHeaders headers) {
		long arrivalNanos = System.nanoTime();
		// tokenizing a long prompt takes a while: off the event loop
		return Mono.fromCallable(() -> {
			LoadedModel model = this.admission.model();
			int[] prompt = this.admission.tokenize(model, request.prompt().get(0), "prompt");
			InferenceJob job = this.admission.admit(model, prompt, null, "prompt", "", request, headers, arrivalNanos);
			return respond(request, job, CompletionIdentity.of("cmpl-", model));
		}).subscribeOn(Schedulers.boundedElastic()).flatMap((response) -> response);
	}

	private Mono<ResponseEntity<Flux<byte[]>>> respond(CompletionRequest request, InferenceJob job,
			CompletionIdentity identity) {
		boolean hasSlo = !job.request().slo().isEmpty();
		if (request.streaming()) {
			return Mono.just(this.responses.stream(chunks(job, identity, hasSlo, request.includeUsage()), job));
		}
		return job.events().last().map((done) -> {
			InferenceOutcome outcome = ((JobEvent.Done) done).outcome();
			return this.responses.json(completion(identity, new TextCompletion.Choice(outcome.result().text(), 0, null,
					outcome.result().finishReason().openAiName()), outcome, hasSlo));
		}).doOnCancel(job::cancel);
	}

	/** A chunk per delta, the finish chunk, and the usage chunk if asked for. */
	private static Flux<TextCompletion> chunks(InferenceJob job, CompletionIdentity identity, boolean hasSlo,
			boolean includeUsage) {
		return job.events().concatMapIterable((event) -> {
			if (event instanceof JobEvent.Delta delta) {
				return List
					.of(completion(identity, new TextCompletion.Choice(delta.text(), 0, null, null), null, false));
			}
			InferenceOutcome outcome = ((JobEvent.Done) event).outcome();
			TextCompletion.Choice finish = new TextCompletion.Choice("", 0, null,
					outcome.result().finishReason().openAiName());
			if (includeUsage) {
				return List.of(completion(identity, finish, null, false), completion(identity, null, outcome, hasSlo));
			}
			return List.of(completion(identity, finish, outcome, hasSlo));
		});
	}

	/**
	 * A completion or chunk with one choice (or none), and usage, elastic and timings if
	 * an outcome is given.
	 */
	private static TextCompletion completion(CompletionIdentity identity, TextCompletion.Choice choice,
			InferenceOutcome outcome, boolean hasSlo) {
		return new TextCompletion(identity.id(), "text_completion", identity.created(), identity.model(),
				identity.systemFingerprint(), (choice != null) ? List.of(choice) : List.of(),
				(outcome != null) ? Usage.of(outcome) : null, (outcome != null) ? Elastic.of(outcome, hasSlo) : null,
				(outcome != null) ? Timings.of(outcome) : null);
	}

}
