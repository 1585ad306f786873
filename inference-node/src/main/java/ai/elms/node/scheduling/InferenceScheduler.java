package ai.elms.node.scheduling;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import ai.elms.engine.ElasticEngine;
import ai.elms.engine.ElasticLevel;
import ai.elms.engine.FinishReason;
import ai.elms.engine.GenerationRequest;
import ai.elms.engine.GenerationResult;
import ai.elms.engine.PrefilledPrompt;
import ai.elms.engine.TokenSink;
import ai.elms.engine.profile.LatencySlo;
import ai.elms.engine.orchestration.Orchestration;
import ai.elms.node.config.ElmsProperties;
import ai.elms.node.model.LoadedModel;
import ai.elms.node.model.ModelNotReadyException;
import ai.elms.node.model.ServedModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs admitted requests on this device: {@code elms.scheduling.concurrency} worker
 * threads take jobs earliest deadline first, choose the level and prompt ratio with the
 * orchestrator over the latency profile (the queue wait is known at that point) and
 * generate. Generation never runs on the event loop.
 */
@Component
public class InferenceScheduler implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(InferenceScheduler.class);

	private final ServedModel model;

	private final RequestMetrics metrics;

	private final int concurrency;

	private final long defaultDeadlineNanos;

	private final SloDeadlineQueue queue;

	private final Set<InferenceJob> running = ConcurrentHashMap.newKeySet();

	/** Prompt and generated tokens held in the KV caches of running requests. */
	private final AtomicLong kvCacheTokens = new AtomicLong();

	private final List<Thread> workers = new ArrayList<>();

	private volatile boolean accepting;

	InferenceScheduler(ServedModel model, ElmsProperties properties, RequestMetrics metrics) {
		ElmsProperties.Scheduling settings = properties.scheduling();
		this.model = model;
		this.metrics = metrics;
		this.concurrency = settings.concurrency();
		this.defaultDeadlineNanos = TimeUnit.MILLISECONDS.toNanos(settings.defaultDeadlineMs());
		this.queue = new SloDeadlineQueue(settings.queueCapacity());
		metrics.bindLoad(this.queue::size, this.running::size, this::kvCacheUsage);
	}

	/**
	 * Admits a request to the queue.
	 * @throws QueueFullException if {@code elms.scheduling.queue-capacity} requests wait
	 * @throws ModelNotReadyException if the node is stopping
	 */
	public InferenceJob submit(InferenceRequest request) {
		if (!this.accepting) {
			throw new ModelNotReadyException("the node is stopping");
		}
		InferenceJob job = new InferenceJob(request, deadline(request), this.queue::remove);
		if (!this.queue.offer(job)) {
			this.metrics.rejected("queue_full");
			throw new QueueFullException(this.queue.capacity());
		}
		return job;
	}

	/** Arrival plus the TTFT SLO, or plus the default deadline without one. */
	private long deadline(InferenceRequest request) {
		Double ttftMs = request.slo().ttftMs();
		long allowance = (ttftMs != null) ? Math.round(ttftMs * 1e6) : this.defaultDeadlineNanos;
		return request.arrivalNanos() + allowance;
	}

	private double kvCacheUsage() {
		return this.model.current()
			.map((loaded) -> this.kvCacheTokens.get() / ((double) this.concurrency * loaded.engine().contextLength()))
			.orElse(0.0);
	}

	private void work() {
		while (!Thread.currentThread().isInterrupted()) {
			InferenceJob job;
			try {
				job = this.queue.take();
			}
			catch (InterruptedException ex) {
				return;
			}
			if (job.isCancelled()) {
				continue;
			}
			this.running.add(job);
			try {
				run(job);
			}
			catch (IllegalArgumentException | ModelNotReadyException ex) {
				job.fail(ex);
			}
			catch (RuntimeException ex) {
				logger.error("Generation failed", ex);
				job.fail(ex);
			}
			finally {
				this.running.remove(job);
			}
		}
	}

	/**
	 * Serves a request on the calling thread as a worker would, recorded by neither the
	 * metrics nor the orchestrator's latency calibration: to take the request path once
	 * before the node serves a model.
	 * @return its outcome
	 */
	public InferenceOutcome warmUp(LoadedModel loaded, InferenceRequest request) {
		InferenceJob job = new InferenceJob(request, deadline(request), (cancelled) -> {
		});
		return run(job, loaded, false);
	}

	private void run(InferenceJob job) {
		run(job, this.model.require(), true);
	}

	/**
	 * @param recorded whether the metrics and the latency calibration see it
	 * @return its outcome
	 */
	private InferenceOutcome run(InferenceJob job, LoadedModel loaded, boolean recorded) {
		InferenceRequest request = job.request();
		long dispatched = System.nanoTime();
		if (recorded) {
			this.metrics.queued(dispatched - request.arrivalNanos());
		}
		LatencySlo slo = request.slo();
		Orchestration plan = loaded.orchestrator()
			.plan(request.strategy(), request.promptTokens(), request.parts(),
					millis(dispatched - request.arrivalNanos()), slo);
		ElasticEngine engine = loaded.engineOf(plan);
		ElasticLevel level = engine.levels().get(plan.level());
		int[] prompt = plan.promptTokens();
		JobSink sink = new JobSink(job);
		// with options the answer decodes into a copy of the prompt's KV cache while the
		// prompt's own stays for scoring: the prompt is held twice
		long promptKv = (request.options().isEmpty() ? 1L : 2L) * prompt.length;
		this.kvCacheTokens.addAndGet(promptKv);
		try {
			long started = System.nanoTime();
			GenerationRequest generation = new GenerationRequest(prompt, level.index(), request.maxTokens(),
					request.sampling(), request.stop(), false, request.answerLead());
			Served served = request.options().isEmpty()
					? new Served(engine.generate(generation, sink), System.nanoTime(), null)
					: engine.generate(generation, sink, (answered, prefilled) -> {
						long ended = System.nanoTime();
						return new Served(answered, ended, (answered.finishReason() == FinishReason.CANCELLED) ? null
								: score(prefilled, request.options()));
					});
			GenerationResult result = served.result();
			long ended = served.ended();
			double ttftMs = millis(started - request.arrivalNanos()) + result.ttftMs();
			OptionScores options = served.options();
			InferenceOutcome outcome = new InferenceOutcome(request.promptTokens().length, result, level, plan,
					millis(dispatched - request.arrivalNanos()), ttftMs, millis(ended - request.arrivalNanos()),
					slo.ttftMet(ttftMs), slo.tpotMet(result.tpotMs()), options);
			if (recorded) {
				this.metrics.finished(outcome);
			}
			if (result.finishReason() == FinishReason.CANCELLED) {
				// the client went away (nobody listens) or the node is stopping (the
				// client learns why)
				job.fail(new ModelNotReadyException("the node is stopping"));
			}
			else {
				if (recorded) {
					loaded.orchestrator().observe(plan, outcome.queueMs(), ttftMs, result.tpotMs());
				}
				job.finish(outcome);
			}
			return outcome;
		}
		finally {
			this.kvCacheTokens.addAndGet(-(promptKv + sink.pieces));
		}
	}

	/**
	 * Scores answer options after the prompt as served, at the level that served it, each
	 * from the prompt's KV cache.
	 */
	private static OptionScores score(PrefilledPrompt prefilled, List<int[]> options) {
		long start = System.nanoTime();
		double[] means = new double[options.size()];
		for (int i = 0; i < means.length; i++) {
			means[i] = prefilled.score(options.get(i)).mean();
		}
		return OptionScores.of(means, millis(System.nanoTime() - start));
	}

	/**
	 * A generation's result, when its last token came, and the options' scores (null
	 * without options, or when cancelled).
	 */
	private record Served(GenerationResult result, long ended, OptionScores options) {
	}

	private static double millis(long nanos) {
		return nanos / 1e6;
	}

	@Override
	public synchronized void start() {
		this.accepting = true;
		for (int i = 0; i < this.concurrency; i++) {
			Thread worker = new Thread(this::work, "elms-worker-" + (i + 1));
			worker.setDaemon(true);
			worker.start();
			this.workers.add(worker);
		}
	}

	/**
	 * Refuses new requests, fails the waiting ones, stops the running ones and waits for
	 * the workers.
	 */
	@Override
	public synchronized void stop() {
		this.accepting = false;
		for (InferenceJob waiting : this.queue.drain()) {
			waiting.fail(new ModelNotReadyException("the node is stopping"));
		}
		this.running.forEach(InferenceJob::cancel);
		for (Thread worker : this.workers) {
			worker.interrupt();
		}
		for (Thread worker : this.workers) {
			try {
				worker.join(TimeUnit.SECONDS.toMillis(30));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.workers.clear();
	}

	@Override
	public boolean isRunning() {
		return this.accepting;
	}

	@Override
	public int getPhase() {
		return ServedModel.PHASE + 1;
	}

	/**
	 * Hands text to the job's client and measures the gaps; asks the engine to stop once
	 * the job is cancelled.
	 */
	private final class JobSink implements TokenSink {

		private final InferenceJob job;

		private long last = System.nanoTime();

		private long pieces;

		JobSink(InferenceJob job) {
			this.job = job;
		}

		@Override
		public boolean cancelled() {
			return this.job.isCancelled();
		}

		@Override
		public boolean accept(String delta) {
			if (this.job.isCancelled()) {
				return false;
			}
			long now = System.nanoTime();
			if (this.pieces > 0) {
				InferenceScheduler.this.metrics.interToken(now - this.last);
			}
			this.last = now;
			this.pieces++;
			InferenceScheduler.this.kvCacheTokens.incrementAndGet();
			if (this.job.request().stream()) {
				this.job.emit(delta);
			}
			return true;
		}

	}

}
