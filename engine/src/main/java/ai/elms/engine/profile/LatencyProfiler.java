package ai.elms.engine.profile;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import ai.elms.engine.ElasticEngine;
import ai.elms.engine.ElasticLevel;
import ai.elms.engine.GenerationRequest;
import ai.elms.engine.GenerationResult;
import ai.elms.engine.SamplingParams;
import ai.elms.engine.TokenSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures a {@link LatencyProfile} of an engine on this device: for every level the
 * median TTFT of synthetic prompts of exact lengths, and the median TPOT of a short
 * generation.
 */
public final class LatencyProfiler {

	private static final Logger logger = LoggerFactory.getLogger(LatencyProfiler.class);

	/**
	 * Repeated token by token to build prompts of any length; its content does not
	 * matter.
	 */
	private static final String SAMPLE_TEXT = "The elastic service measures how long each level takes to read a prompt "
			+ "and to write every token, so that a request with a deadline gets the most accurate model in time. ";

	private final ElasticEngine engine;

	private final ProfilerOptions options;

	private final DeviceIdentity device;

	private final int threads;

	/**
	 * @param engine the engine to measure
	 * @param options buckets, runs and decode length
	 * @param device this device
	 * @param threads intra-op threads the engine runs with (part of the cache key)
	 */
	public LatencyProfiler(ElasticEngine engine, ProfilerOptions options, DeviceIdentity device, int threads) {
		this.engine = engine;
		this.options = options;
		this.device = device;
		this.threads = threads;
	}

	/**
	 * The profile from the cache when it was measured under the same conditions,
	 * otherwise measured and stored.
	 */
	public LatencyProfile loadOrMeasure(ProfileCache cache) throws InterruptedException {
		ProfileCache.Key key = new ProfileCache.Key(this.device, this.engine.packageHash(), this.threads, buckets(),
				ProfileCache.Key.shares(this.engine.levels()));
		var cached = cache.find(key);
		if (cached.isPresent()) {
			logger.info("Using the cached latency profile of package {}", key.packageHash());
			return cached.get();
		}
		LatencyProfile profile = measure();
		try {
			logger.info("Stored the latency profile in {}", cache.store(profile));
		}
		catch (IOException ex) {
			logger.warn("Could not store the latency profile: {}", ex.getMessage());
		}
		return profile;
	}

	/**
	 * The prompt lengths measured: the configured ones that fit the context, capped by
	 * the longest that fits.
	 */
	public List<Integer> buckets() {
		int longest = this.engine.contextLength() - 1;
		TreeSet<Integer> buckets = new TreeSet<>();
		for (int bucket : this.options.buckets()) {
			buckets.add(Math.min(bucket, longest));
		}
		return List.copyOf(buckets);
	}

	/**
	 * Measures every level; takes a while on large packages and stops when the thread is
	 * interrupted.
	 */
	public LatencyProfile measure() throws InterruptedException {
		List<ElasticLevel> levels = this.engine.levels();
		List<Integer> buckets = buckets();
		int[] sample = this.engine.encode(SAMPLE_TEXT);
		if (sample.length == 0) {
			throw new IllegalStateException("the tokenizer returned no tokens for the sample text");
		}
		logger.info("Measuring the latency profile: {} levels, prompt buckets {}, {} runs each", levels.size(), buckets,
				this.options.runs());
		int decodePrompt = buckets.get(0);
		int decodeTokens = Math.max(1,
				Math.min(this.options.decodeTokens(), this.engine.contextLength() - decodePrompt));
		List<List<Double>> ttftMs = new ArrayList<>();
		List<Double> tpotMs = new ArrayList<>();
		for (ElasticLevel level : levels) {
			// One discarded run per level warms its session up.
			run(prompt(sample, decodePrompt), level.index(), Math.min(2, decodeTokens));
			List<Double> row = new ArrayList<>();
			for (int bucket : buckets) {
				int[] prompt = prompt(sample, bucket);
				double[] runs = new double[this.options.runs()];
				for (int r = 0; r < runs.length; r++) {
					runs[r] = run(prompt, level.index(), 1).ttftMs();
				}
				row.add(median(runs));
			}
			ttftMs.add(row);
			tpotMs.add(measureTpotMs(prompt(sample, decodePrompt), level.index(), decodeTokens, row.get(0)));
			logger.info("Level {} ({}): TTFT {} ms, TPOT {} ms", level.index(), level.share(), row,
					tpotMs.get(tpotMs.size() - 1));
		}
		return new LatencyProfile(this.device, this.engine.packageHash(), this.threads, levels, buckets, ttftMs, tpotMs,
				Instant.now());
	}

	/** Median TPOT over greedy runs of exactly {@code decodeTokens} tokens. */
	private double measureTpotMs(int[] prompt, int level, int decodeTokens, double fallbackMs)
			throws InterruptedException {
		if (decodeTokens < 2) {
			return fallbackMs;
		}
		double[] runs = new double[this.options.runs()];
		for (int r = 0; r < runs.length; r++) {
			runs[r] = run(prompt, level, decodeTokens).tpotMs();
		}
		return median(runs);
	}

	private GenerationResult run(int[] prompt, int level, int maxTokens) throws InterruptedException {
		if (Thread.interrupted()) {
			throw new InterruptedException("latency profiling interrupted");
		}
		return this.engine.generate(
				new GenerationRequest(prompt, level, maxTokens, SamplingParams.GREEDY, List.of(), true),
				TokenSink.NONE);
	}

	/** A prompt of exactly {@code length} tokens: the sample repeated. */
	static int[] prompt(int[] sample, int length) {
		int[] prompt = new int[length];
		for (int i = 0; i < length; i++) {
			prompt[i] = sample[i % sample.length];
		}
		return prompt;
	}

	static double median(double[] values) {
		double[] sorted = values.clone();
		Arrays.sort(sorted);
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

}
