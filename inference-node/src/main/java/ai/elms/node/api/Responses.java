package ai.elms.node.api;

import java.nio.charset.StandardCharsets;

import ai.elms.node.scheduling.InferenceJob;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Writes response bodies as bytes, so that a stream is framed exactly as OpenAI frames
 * it: {@code data: {json}}, a blank line, and {@code data: [DONE]} at the end.
 */
@Component
class Responses {

	private static final MediaType EVENT_STREAM = new MediaType("text", "event-stream", StandardCharsets.UTF_8);

	private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8);

	private final JsonMapper json;

	private final OpenAiErrorHandler errors;

	Responses(JsonMapper json, OpenAiErrorHandler errors) {
		this.json = json;
		this.errors = errors;
	}

	ResponseEntity<Flux<byte[]>> json(Object body) {
		return ResponseEntity.ok()
			.contentType(MediaType.APPLICATION_JSON)
			.body(Flux.just(this.json.writeValueAsBytes(body)));
	}

	/**
	 * A stream of chunks. The response is committed with the first chunk, so a failure
	 * after it is reported as an error event; a client that goes away cancels the job.
	 */
	ResponseEntity<Flux<byte[]>> stream(Flux<?> chunks, InferenceJob job) {
		Flux<byte[]> events = chunks.map(this::event)
			.concatWith(Mono.just(DONE))
			.onErrorResume((ex) -> Flux.just(event(this.errors.describe(ex).body()), DONE))
			.doOnCancel(job::cancel);
		return ResponseEntity.ok().contentType(EVENT_STREAM).cacheControl(CacheControl.noCache()).body(events);
	}

	private byte[] event(Object chunk) {
		byte[] data = this.json.writeValueAsBytes(chunk);
		byte[] event = new byte[data.length + 8];
		System.arraycopy("data: ".getBytes(StandardCharsets.US_ASCII), 0, event, 0, 6);
		System.arraycopy(data, 0, event, 6, data.length);
		event[event.length - 2] = '\n';
		event[event.length - 1] = '\n';
		return event;
	}

}
