package ai.elms.engine.orchestration;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import ai.elms.engine.TinyModel;
import ai.elms.engine.TinyPrediction;
import ai.elms.engine.profile.LatencyProfile;
import ai.elms.engine.profile.LatencySlo;
import ai.elms.engine.tlm.PromptCompression;
import ai.elms.engine.tlm.SloBuckets;

/**
 * Chooses, per request, the model level and the prompt ratio to serve at. Every
 * prediction is the profile measured on this device, with the time the request has waited
 * and the tiny model's own time added to TTFT. Thread-safe.
 */
public final class Orchestrator {

	/** Weight of the latest run in the running estimate of the tiny model's time. */
	private static final double ESTIMATE_WEIGHT = 0.2;

	private final LatencyProfile profile;

	private final TinyModel tiny;

	private final Map<Strategy, LatencyProfile> ownModels;

	private volatile double tinyModelEstimateMs;

	/** The elastic model's: each model serves at its own pace. */
	private final LatencyCalibration calibration;

	private final Policy policy;

	private final Map<Strategy, LatencyCalibration> ownCalibrations = new EnumMap<>(Strategy.class);

	/**
	 * @param tiny the package's tiny model, or null: then {@code elastic} is
	 * {@code model-only} and {@code prompt-only} is refused
	 */
	public Orchestrator(LatencyProfile profile, TinyModel tiny) {
		this(profile, tiny, Map.of());
	}

	/**
	 * @param ownModels the latency profiles of the models that strategies with a model of
	 * their own serve ({@link Strategy#ownModel()}): the smaller model of
	 * {@code off-the-shelf}, the ladders of {@code layer-drop}, {@code attention-drop}
	 * and {@code layer-collapse}; a strategy without one is refused
	 */
	public Orchestrator(LatencyProfile profile, TinyModel tiny, Map<Strategy, LatencyProfile> ownModels) {
		this(profile, tiny, ownModels, Policy.DEFAULT);
	}

	public Orchestrator(LatencyProfile profile, TinyModel tiny, Map<Strategy, LatencyProfile> ownModels,
			Policy policy) {
		this.policy = policy;
		this.calibration = new LatencyCalibration(policy.attainment());
		this.profile = profile;
		this.tiny = tiny;
		this.ownModels = ownModels.isEmpty() ? Map.of() : new EnumMap<>(ownModels);
		this.ownModels.keySet()
			.forEach((strategy) -> this.ownCalibrations.put(strategy, new LatencyCalibration(policy.attainment())));
	}

	/**
	 * How the orchestrator predicts and chooses.
	 *
	 * @param calibrated whether served requests correct the predictions
	 * ({@link #observe}); without, the profile alone predicts
	 * @param upgradesProposals whether {@code elastic} serves a fitting proposal's prompt
	 * ratio at the largest level that fits it, rather than at the proposed level: on a
	 * small model whose answers vary from level to level, the largest level is right more
	 * often than the level the tiny model proposes (the SLO evaluation,
	 * docs/benchmarks/slo-evaluation.md)
	 * @param attainment the share of requests a choice predicted to fit should meet its
	 * SLO: the quantile of served / predicted latency that calibrates the predictions
	 */
	public record Policy(boolean calibrated, boolean upgradesProposals, double attainment) {

		/** Calibrated, proposals upgraded, 90% of fitting choices meeting their SLO. */
		public static final Policy DEFAULT = new Policy(true, true, LatencyCalibration.DEFAULT_ATTAINMENT);

		public Policy {
			if (!(attainment > 0 && attainment < 1)) {
				throw new IllegalArgumentException("the SLO attainment aimed at must be above 0 and below 1");
			}
		}

	}

	/** Whether the node can serve a strategy. */
	public boolean serves(Strategy strategy) {
		return switch (strategy) {
			case PROMPT_ONLY -> compresses();
			case OFF_THE_SHELF, LAYER_DROP, ATTENTION_DROP, LAYER_COLLAPSE -> this.ownModels.containsKey(strategy);
			default -> true;
		};
	}

	/** Whether prompt compression is available (the package has a tiny model). */
	public boolean compresses() {
		return this.tiny != null;
	}

	/**
	 * Chooses for a request at dispatch time.
	 * @param prompt the prompt's tokens
	 * @param parts where its system and user parts lie, or null for a prompt without them
	 * (a text completion): it is never compressed
	 * @param queueWaitMs how long it has waited since arrival
	 * @throws IllegalArgumentException for {@code prompt-only} without a tiny model or
	 * without parts, for a strategy with a model of its own that the node does not have;
	 * the level of such a strategy's choice is one of its model's
	 */
	public Orchestration plan(Strategy strategy, int[] prompt, PromptParts parts, double queueWaitMs, LatencySlo slo) {
		int full = this.profile.levels().size() - 1;
		return switch (strategy) {
			case FULL -> choose(strategy, new Candidate(full, 1.0, prompt), queueWaitMs, 0, slo, null);
			case MODEL_ONLY -> largestFitting(strategy, prompt, queueWaitMs, slo);
			case PROMPT_ONLY -> promptOnly(prompt, parts, queueWaitMs, slo);
			case ELASTIC -> elastic(prompt, parts, queueWaitMs, slo);
			case OFF_THE_SHELF, LAYER_DROP, ATTENTION_DROP, LAYER_COLLAPSE ->
				ownModel(strategy, prompt, queueWaitMs, slo);
		};
	}

	/** The largest level of the strategy's own model that fits, else its smallest. */
	private Orchestration ownModel(Strategy strategy, int[] prompt, double queueWaitMs, LatencySlo slo) {
		LatencyProfile own = this.ownModels.get(strategy);
		if (own == null) {
			throw new IllegalArgumentException("this node serves no " + strategy.id() + " model");
		}
		LatencyCalibration calibration = this.ownCalibrations.get(strategy);
		Orchestration chosen = null;
		for (int level = own.levels().size() - 1; level >= 0 && (chosen == null || !chosen.meetsSlo()); level--) {
			double ttft = queueWaitMs + calibration.ttftFactor() * own.predictTtftMs(level, prompt.length);
			double tpot = calibration.tpotFactor() * own.predictTpotMs(level, prompt.length);
			boolean meets = (slo.ttftMs() == null || ttft <= slo.ttftMs())
					&& (slo.tpotMs() == null || tpot <= slo.tpotMs());
			chosen = new Orchestration(strategy, level, 1.0, prompt, ttft, tpot, meets, 0, null, null);
		}
		return chosen;
	}

	private Orchestration largestFitting(Strategy strategy, int[] prompt, double queueWaitMs, LatencySlo slo) {
		for (int level = this.profile.levels().size() - 1; level >= 0; level--) {
			Candidate candidate = new Candidate(level, 1.0, prompt);
			if (fits(candidate, queueWaitMs, 0, slo)) {
				return choose(strategy, candidate, queueWaitMs, 0, slo, null);
			}
		}
		return choose(strategy, new Candidate(0, 1.0, prompt), queueWaitMs, 0, slo, null);
	}

	private Orchestration promptOnly(int[] prompt, PromptParts parts, double queueWaitMs, LatencySlo slo) {
		if (this.tiny == null || parts == null) {
			throw new IllegalArgumentException((this.tiny == null) ? "this node's package has no tiny model to compress"
					: "only a chat prompt with a system part can be compressed");
		}
		int full = this.profile.levels().size() - 1;
		Scored scored = score(parts, 0, 0);
		List<Double> ratios = this.tiny.config().ratios();
		Candidate chosen = null;
		for (double ratio : ratios) {
			Candidate candidate = new Candidate(full, ratio, compress(parts, scored, ratio));
			chosen = candidate;
			if (fits(candidate, queueWaitMs, scored.ms(), slo)) {
				break;
			}
		}
		return choose(Strategy.PROMPT_ONLY, chosen, queueWaitMs, scored.ms(), slo, null);
	}

	private Orchestration elastic(int[] prompt, PromptParts parts, double queueWaitMs, LatencySlo slo) {
		int full = this.profile.levels().size() - 1;
		if (slo.isEmpty()) {
			return choose(Strategy.ELASTIC, new Candidate(full, 1.0, prompt), queueWaitMs, 0, slo, null);
		}
		if (this.tiny == null || parts == null) {
			return largestFitting(Strategy.ELASTIC, prompt, queueWaitMs, slo);
		}
		// nothing is more accurate than the full model on the whole prompt: when it fits,
		// the tiny model has nothing to decide and would only add its time
		Candidate whole = new Candidate(full, 1.0, prompt);
		if (fits(whole, queueWaitMs, 0, slo)) {
			return choose(Strategy.ELASTIC, whole, queueWaitMs, 0, slo, null);
		}
		double fullTtft = this.profile.predictTtftMs(full, prompt.length);
		// the SLO as the tiny model learned it, in fractions of the profile's full model
		// after the wait; the calibrated check below decides what fits
		double ttftFraction = (slo.ttftMs() == null) ? 1
				: Math.max(0, slo.ttftMs() - queueWaitMs - this.tinyModelEstimateMs) / fullTtft;
		double tpotFraction = (slo.tpotMs() == null) ? 1
				: slo.tpotMs() / this.profile.predictTpotMs(full, prompt.length);
		Scored scored = score(parts, SloBuckets.of(ttftFraction), SloBuckets.of(tpotFraction));
		List<Double> ratios = this.tiny.config().ratios();
		int proposedRatio = scored.prediction().ratioClass();
		int proposedLevel = Math.min(full, scored.prediction().levelClass());
		Proposal proposal = new Proposal(ratios.get(proposedRatio), proposedLevel);
		Candidate proposed = new Candidate(proposedLevel, ratios.get(proposedRatio),
				compress(parts, scored, ratios.get(proposedRatio)));
		if (!this.policy.upgradesProposals() && fits(proposed, queueWaitMs, scored.ms(), slo)) {
			return choose(Strategy.ELASTIC, proposed, queueWaitMs, scored.ms(), slo, proposal);
		}
		// the largest level that fits at the proposed ratio (the proposed level or above
		// when the proposal fits), then at ever smaller ratios
		for (int r = proposedRatio; r < ratios.size(); r++) {
			int[] tokens = (r == proposedRatio) ? proposed.tokens() : compress(parts, scored, ratios.get(r));
			for (int level = full; level >= 0; level--) {
				Candidate candidate = new Candidate(level, ratios.get(r), tokens);
				if (fits(candidate, queueWaitMs, scored.ms(), slo)) {
					return choose(Strategy.ELASTIC, candidate, queueWaitMs, scored.ms(), slo, proposal);
				}
			}
		}
		double smallest = ratios.get(ratios.size() - 1);
		return choose(Strategy.ELASTIC, new Candidate(0, smallest, compress(parts, scored, smallest)), queueWaitMs,
				scored.ms(), slo, proposal);
	}

	private record Candidate(int level, double ratio, int[] tokens) {
	}

	private record Proposal(double ratio, int level) {
	}

	private record Scored(TinyPrediction prediction, double ms) {
	}

	private Scored score(PromptParts parts, int ttftBucket, int tpotBucket) {
		long start = System.nanoTime();
		// an app's system part repeats from request to request: the tiny model reads it
		// once
		TinyPrediction prediction = this.tiny.predict(parts.content(), parts.systemEnd() - parts.systemStart(),
				ttftBucket, tpotBucket);
		double ms = (System.nanoTime() - start) / 1e6;
		this.tinyModelEstimateMs = (this.tinyModelEstimateMs == 0) ? ms
				: (1 - ESTIMATE_WEIGHT) * this.tinyModelEstimateMs + ESTIMATE_WEIGHT * ms;
		return new Scored(prediction, ms);
	}

	private static int[] compress(PromptParts parts, Scored scored, double ratio) {
		if (ratio >= 1) {
			return parts.tokens();
		}
		int[] system = parts.system();
		float[] scores = java.util.Arrays.copyOf(scored.prediction().keepLogits(), system.length);
		double share = PromptCompression.systemKeepShare(system.length, parts.userEnd() - parts.userStart(), ratio);
		return parts.withSystem(PromptCompression.keep(system, scores, share));
	}

	private boolean fits(Candidate candidate, double queueWaitMs, double tinyMs, LatencySlo slo) {
		double ttft = predictTtftMs(candidate, queueWaitMs, tinyMs);
		double tpot = predictTpotMs(candidate);
		return (slo.ttftMs() == null || ttft <= slo.ttftMs()) && (slo.tpotMs() == null || tpot <= slo.tpotMs());
	}

	/** TTFT from arrival: the wait, then the tiny model and the prefill, calibrated. */
	private double predictTtftMs(Candidate candidate, double queueWaitMs, double tinyMs) {
		return queueWaitMs + this.calibration.ttftFactor()
				* (tinyMs + this.profile.predictTtftMs(candidate.level(), candidate.tokens().length));
	}

	private double predictTpotMs(Candidate candidate) {
		return this.calibration.tpotFactor() * this.profile.predictTpotMs(candidate.level(), candidate.tokens().length);
	}

	/**
	 * A request served as planned: how long it took against the profile's prediction
	 * corrects later predictions (see {@link LatencyCalibration}).
	 * @param queueMs its wait before dispatch
	 * @param ttftMs its TTFT from arrival
	 * @param tpotMs its TPOT, or 0 for a single token
	 */
	public void observe(Orchestration plan, double queueMs, double ttftMs, double tpotMs) {
		if (!this.policy.calibrated()) {
			return;
		}
		boolean own = plan.strategy().ownModel();
		LatencyProfile profile = own ? this.ownModels.get(plan.strategy()) : this.profile;
		LatencyCalibration calibration = own ? this.ownCalibrations.get(plan.strategy()) : this.calibration;
		if (profile == null) {
			return;
		}
		int tokens = plan.promptTokens().length;
		calibration.observe(plan.tinyModelMs() + profile.predictTtftMs(plan.level(), tokens), ttftMs - queueMs,
				profile.predictTpotMs(plan.level(), tokens), (tpotMs > 0) ? tpotMs : Double.NaN);
	}

	private Orchestration choose(Strategy strategy, Candidate candidate, double queueWaitMs, double tinyMs,
			LatencySlo slo, Proposal proposal) {
		return new Orchestration(strategy, candidate.level(), candidate.ratio(), candidate.tokens(),
				predictTtftMs(candidate, queueWaitMs, tinyMs), predictTpotMs(candidate),
				fits(candidate, queueWaitMs, tinyMs, slo), tinyMs, (proposal != null) ? proposal.ratio() : null,
				(proposal != null) ? this.profile.levels().get(proposal.level()).share() : null);
	}

}
