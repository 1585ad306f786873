package ai.elms.node.config;

import java.nio.file.Path;
import java.util.List;

import ai.elms.engine.orchestration.Strategy;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Every setting of the node, documented in the module's README.
 *
 * @param model folder of the elastic package to serve; unset serves the embedded default
 * @param threads intra-op threads of ONNX Runtime; 0 means every core
 * @param levels shares of the levels to open (for example {@code 0.2,0.6,1.0}); empty
 * opens all
 * @param cacheDir where the embedded package is unpacked and profiles are kept; unset
 * means {@code ~/.cache/elms}
 * @param defaultMaxTokens completion length when a request gives none (capped by the
 * context)
 * @param strategy how a request that names none is fitted to its SLO: elastic, full,
 * model-only, prompt-only, off-the-shelf, layer-drop, attention-drop or layer-collapse
 * @param offTheShelf folder of a smaller package served, at its full level, to requests
 * of the {@code off-the-shelf} strategy; unset means none (it must share the elastic
 * package's tokenizer)
 * @param baselines whether the package's baseline ladders ({@code layer-drop},
 * {@code attention-drop}, {@code layer-collapse}) are opened and profiled too, so that
 * one node serves every comparison
 * @param upgradeProposals whether {@code elastic} serves the tiny model's proposed prompt
 * ratio at the largest level that fits the SLO, not only at the proposed level
 * @param scheduling how requests share the device
 * @param profile how the latency profile is measured
 */
@Validated
@ConfigurationProperties("elms")
public record ElmsProperties(Path model, @DefaultValue("0") @Min(0) int threads, @DefaultValue List<Double> levels,
		Path cacheDir, @DefaultValue("512") @Min(1) int defaultMaxTokens, @DefaultValue("elastic") String strategy,
		Path offTheShelf, @DefaultValue("true") boolean baselines, @DefaultValue("true") boolean upgradeProposals,
		@DefaultValue @Valid Scheduling scheduling, @DefaultValue @Valid Profile profile) {

	public ElmsProperties {
		cacheDir = (cacheDir != null) ? cacheDir : Path.of(System.getProperty("user.home"), ".cache", "elms");
		// an unknown strategy stops the node at start, with the names it knows
		Strategy.of(strategy);
	}

	/** The strategy of requests that name none. */
	public Strategy defaultStrategy() {
		return Strategy.of(this.strategy);
	}

	/**
	 * Where the latency profiles are kept: {@code profile.cache-dir}, else
	 * {@code <cache-dir>/profiles}.
	 */
	public Path profileCacheDir() {
		return (this.profile.cacheDir() != null) ? this.profile.cacheDir() : this.cacheDir.resolve("profiles");
	}

	/**
	 * How requests share the device.
	 *
	 * @param concurrency requests generating at the same time, each on its own worker
	 * thread
	 * @param queueCapacity requests that may wait; one more is refused with 429
	 * @param defaultDeadlineMs deadline, from arrival, of a request without a TTFT SLO:
	 * it orders such requests after those with an SLO that arrived at the same time
	 */
	public record Scheduling(@DefaultValue("1") @Min(1) @Max(64) int concurrency,
			@DefaultValue("64") @Min(1) int queueCapacity, @DefaultValue("600000") @Min(1) long defaultDeadlineMs) {
	}

	/**
	 * How the latency profile is measured at start (skipped when a cached one fits).
	 *
	 * @param buckets prompt lengths in tokens at which TTFT is measured
	 * @param runs runs per measurement, the median is kept
	 * @param decodeTokens tokens generated per run to measure TPOT
	 * @param cacheDir folder of cached profiles; unset means
	 * {@code <elms.cache-dir>/profiles}
	 * @param calibrate whether served requests correct the profile's predictions (a
	 * percentile of served / predicted over the last 128)
	 * @param attainment the share of requests a choice predicted to fit should meet its
	 * SLO: the percentile that calibrates the predictions (0.9 by default); higher serves
	 * smaller combinations more safely
	 */
	public record Profile(@DefaultValue( {
			"16", "64", "256", "1024", "4096" }) @NotEmpty List<Integer> buckets, @DefaultValue("5") @Min(1) int runs,
			@DefaultValue("16") @Min(2) int decodeTokens, Path cacheDir, @DefaultValue("true") boolean calibrate,
			@DefaultValue("0.9") @DecimalMin("0.5") @DecimalMax("0.99") double attainment){
	}

}
