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
 * generation, made monotone in level and prompt length.
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
		int runs = this.options.runs();
		double[][][] ttftRuns = new double[levels.size()][buckets.size()][runs];
		double[][][] tpotRuns = new double[levels.size()][buckets.size()][runs];
		for (ElasticLevel level : levels) {
			// One discarded run per level warms its session up.
			run(prompt(sample, buckets.get(0)), level.index(), 2);
		}
		// Runs go round the levels, each round starting at another level, so that a
		// disturbance (another process, the JIT) spreads over all levels rather than
		// shifting one. Each run reads a prompt (TTFT), then decodes after it (TPOT).
		for (int r = 0; r < runs; r++) {
			for (int k = 0; k < levels.size(); k++) {
				int level = (r + k) % levels.size();
				for (int b = 0; b < buckets.size(); b++) {
					int bucket = buckets.get(b);
					int decodeTokens = Math.min(this.options.decodeTokens(), this.engine.contextLength() - bucket);
					GenerationResult result = run(prompt(sample, bucket), level, Math.max(1, decodeTokens));
					ttftRuns[level][b][r] = result.ttftMs();
					tpotRuns[level][b][r] = (decodeTokens < 2) ? Double.NaN : result.tpotMs();
				}
			}
		}
		double[][] ttft = new double[levels.size()][buckets.size()];
		double[][] tpot = new double[levels.size()][buckets.size()];
		for (int level = 0; level < levels.size(); level++) {
			for (int b = 0; b < buckets.size(); b++) {
				ttft[level][b] = median(ttftRuns[level][b]);
				double decode = median(tpotRuns[level][b]);
				// a prompt too long to decode after: the TPOT of the prompt before it
				tpot[level][b] = !Double.isNaN(decode) ? decode : (b > 0) ? tpot[level][b - 1] : ttft[level][b];
			}
		}
		monotone(ttft);
		monotone(tpot);
		List<List<Double>> ttftMs = new ArrayList<>();
		List<List<Double>> tpotByPromptMs = new ArrayList<>();
		List<Double> tpotMs = new ArrayList<>();
		for (ElasticLevel level : levels) {
			ttftMs.add(Arrays.stream(ttft[level.index()]).boxed().toList());
			tpotByPromptMs.add(Arrays.stream(tpot[level.index()]).boxed().toList());
			tpotMs.add(tpot[level.index()][0]);
			logger.info("Level {} ({}): TTFT {} ms, TPOT {} ms", level.index(), level.share(),
					ttftMs.get(level.index()), tpotByPromptMs.get(level.index()));
		}
		return new LatencyProfile(this.device, this.engine.packageHash(), this.threads, levels, buckets, ttftMs, tpotMs,
				Instant.now(), tpotByPromptMs);
	}

	/**
	 * Makes medians ({@code [level][bucket]}) what the models are: a larger level (a
	 * superset of a smaller one's weights) is never faster, nor is a longer prompt. Each
	 * bucket's column is fitted by isotonic regression (pooling adjacent violators), then
	 * each level's row is made non-decreasing in prompt length.
	 */
	static void monotone(double[][] medians) {
		int levels = medians.length;
		for (int b = 0; b < medians[0].length; b++) {
			double[] column = new double[levels];
			for (int level = 0; level < levels; level++) {
				column[level] = medians[level][b];
			}
			isotonic(column);
			for (int level = 0; level < levels; level++) {
				medians[level][b] = column[level];
			}
		}
		for (double[] row : medians) {
			for (int b = 1; b < row.length; b++) {
				row[b] = Math.max(row[b], row[b - 1]);
			}
		}
	}

	/** The non-decreasing sequence nearest (least squares) to the values, in place. */
	static void isotonic(double[] values) {
		int n = values.length;
		double[] sums = new double[n];
		int[] counts = new int[n];
		int blocks = 0;
		for (double value : values) {
			sums[blocks] = value;
			counts[blocks] = 1;
			blocks++;
			while (blocks > 1 && sums[blocks - 2] / counts[blocks - 2] > sums[blocks - 1] / counts[blocks - 1]) {
				sums[blocks - 2] += sums[blocks - 1];
				counts[blocks - 2] += counts[blocks - 1];
				blocks--;
			}
		}
		int i = 0;
		for (int b = 0; b < blocks; b++) {
			for (int k = 0; k < counts[b]; k++) {
				values[i++] = sums[b] / counts[b];
			}
		}
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
