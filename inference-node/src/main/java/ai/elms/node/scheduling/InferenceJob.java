package ai.elms.node.scheduling;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * An admitted request: waits in the queue, then runs on a worker. Its events flow to the
 * one HTTP response that subscribes; when that response is cancelled (the client went
 * away) the job leaves the queue or stops generating.
 */
public final class InferenceJob {

	private static final AtomicLong arrivals = new AtomicLong();

	private final InferenceRequest request;

	private final long deadlineNanos;

	private final long sequence = arrivals.incrementAndGet();

	private final Sinks.Many<JobEvent> events = Sinks.many().unicast().onBackpressureBuffer();

	private final AtomicBoolean cancelled = new AtomicBoolean();

	private final Consumer<InferenceJob> onCancel;

	InferenceJob(InferenceRequest request, long deadlineNanos, Consumer<InferenceJob> onCancel) {
		this.request = request;
		this.deadlineNanos = deadlineNanos;
		this.onCancel = onCancel;
	}

	/**
	 * Deltas (streaming only), then one {@link JobEvent.Done}; cancelling stops the job.
	 */
	public Flux<JobEvent> events() {
		return this.events.asFlux().doOnCancel(this::cancel);
	}

	/** Stops the job: it leaves the queue, or its generation ends at the next token. */
	public void cancel() {
		if (this.cancelled.compareAndSet(false, true)) {
			this.onCancel.accept(this);
		}
	}

	public InferenceRequest request() {
		return this.request;
	}

	boolean isCancelled() {
		return this.cancelled.get();
	}

	long deadlineNanos() {
		return this.deadlineNanos;
	}

	/** Arrival order, to break deadline ties first come first served. */
	long sequence() {
		return this.sequence;
	}

	void emit(String delta) {
		this.events.tryEmitNext(new JobEvent.Delta(delta));
	}

	void finish(InferenceOutcome outcome) {
		this.events.tryEmitNext(new JobEvent.Done(outcome));
		this.events.tryEmitComplete();
	}

	void fail(Throwable error) {
		this.events.tryEmitError(error);
	}

}
