package ai.elms.node.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import ai.elms.engine.SamplingParams;
import ai.elms.engine.orchestration.PromptParts;
import ai.elms.engine.orchestration.Strategy;
import ai.elms.engine.profile.LatencySlo;
import ai.elms.node.config.ElmsProperties;
import ai.elms.node.model.LoadedModel;
import ai.elms.node.model.ServedModel;
import ai.elms.node.scheduling.InferenceJob;
import ai.elms.node.scheduling.InferenceRequest;
import ai.elms.node.scheduling.InferenceScheduler;

import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * The checks that need the model (prompt length against the context), the SLO from body
 * and headers, OpenAI's defaults; then the request goes to the scheduler.
 */
@Component
class Admission {

	static final String TTFT_HEADER = "x-slo-ttft-ms";

	static final String TPOT_HEADER = "x-slo-tpot-ms";

	/** Most answer options a request may have scored. */
	static final int MAX_OPTIONS = 256;

	/** One hour: anything longer is a mistake, not an objective. */
	static final String MAX_SLO_MS = "3600000";

	private static final double MAX_SLO = Double.parseDouble(MAX_SLO_MS);

	/**
	 * Characters probed per token of context: far more than any token holds in practice.
	 */
	private static final int PROBE_CHARS_PER_TOKEN = 32;

	/** A cut prefix may tokenize a few tokens differently at its end. */
	private static final int PROBE_SLACK_TOKENS = 8;

	private final ServedModel served;

	private final InferenceScheduler scheduler;

	private final int defaultMaxTokens;

	private final Strategy defaultStrategy;

	Admission(ServedModel served, InferenceScheduler scheduler, ElmsProperties properties) {
		this.served = served;
		this.scheduler = scheduler;
		this.defaultMaxTokens = properties.defaultMaxTokens();
		this.defaultStrategy = properties.defaultStrategy();
	}

	/** The served model, or 503 while there is none. */
	LoadedModel model() {
		return this.served.require();
	}

	/**
	 * Tokenizes a prompt. A prompt far longer than the context is refused from the tokens
	 * of a prefix, so that the work stays proportional to the context whatever the size
	 * of the body.
	 */
	int[] tokenize(LoadedModel model, String prompt, String promptParam) {
		int contextLength = model.engine().contextLength();
		long probeChars = (long) contextLength * PROBE_CHARS_PER_TOKEN;
		if (prompt.length() > probeChars) {
			int end = (int) probeChars;
			if (Character.isHighSurrogate(prompt.charAt(end - 1))) {
				end--;
			}
			int prefixTokens = model.engine().encode(prompt.substring(0, end)).length;
			if (prefixTokens > contextLength + PROBE_SLACK_TOKENS) {
				throw ApiException.contextLengthExceeded("This model's maximum context length is " + contextLength
						+ " tokens, and the prompt has more than " + prefixTokens + " tokens.", promptParam);
			}
		}
		return model.engine().encode(prompt);
	}

	/**
	 * Admits a tokenized prompt.
	 * @param promptParam the request field the prompt came from, for error messages
	 * @param answerLead what the answer opens with (see
	 * {@link ai.elms.engine.ElasticEngine#answerLead()}), empty after a plain prompt
	 */
	InferenceJob admit(LoadedModel model, int[] prompt, PromptParts parts, String promptParam, String answerLead,
			GenerationParameters request, HttpHeaders headers, long arrivalNanos) {
		return this.scheduler
			.submit(request(model, prompt, parts, promptParam, answerLead, request, headers, arrivalNanos));
	}

	/** What {@link #admit} submits, checked. */
	InferenceRequest request(LoadedModel model, int[] prompt, PromptParts parts, String promptParam, String answerLead,
			GenerationParameters request, HttpHeaders headers, long arrivalNanos) {
		if (request.streamOptions() != null && !request.streaming()) {
			throw ApiException.invalidRequest("stream_options is only allowed when stream is true", "stream_options");
		}
		if (prompt.length == 0) {
			throw ApiException.invalidRequest("the prompt is empty", promptParam);
		}
		int maxTokens = maxTokens(request, prompt.length, model.engine().contextLength(), promptParam);
		SamplingParams sampling = new SamplingParams((request.temperature() != null) ? request.temperature() : 1.0,
				(request.topP() != null) ? request.topP() : 1.0,
				(request.seed() != null) ? request.seed() : ThreadLocalRandom.current().nextLong());
		List<String> stop = (request.stop() != null) ? request.stop() : List.of();
		Strategy strategy = strategy(request, model, parts);
		List<int[]> options = options(model, request, answerLead, prompt.length);
		return new InferenceRequest(prompt, maxTokens, sampling, stop, slo(request, headers), request.streaming(),
				arrivalNanos, parts, strategy, options, answerLead);
	}

	/**
	 * The answer options, each tokenized as the text that follows the prompt (the answer
	 * lead, then the option), then the end token; each must fit the context after the
	 * prompt.
	 */
	private static List<int[]> options(LoadedModel model, GenerationParameters request, String answerLead,
			int promptTokens) {
		if (request.options() == null) {
			return List.of();
		}
		int end = model.engine().endToken();
		int ends = (end >= 0) ? 1 : 0;
		int room = model.engine().contextLength() - promptTokens;
		List<int[]> options = new ArrayList<>(request.options().size());
		for (String option : request.options()) {
			int[] text = model.engine().encode(answerLead + option);
			if (text.length + ends == 0) {
				throw ApiException.invalidRequest("an option must have at least one token", "options");
			}
			if (text.length + ends > room) {
				throw ApiException.contextLengthExceeded("This model's maximum context length is "
						+ model.engine().contextLength() + " tokens, and the prompt has " + promptTokens
						+ " tokens, leaving no room for an option of " + text.length + " tokens and the end token.",
						"options");
			}
			int[] tokens = Arrays.copyOf(text, text.length + ends);
			if (ends == 1) {
				tokens[text.length] = end;
			}
			options.add(tokens);
		}
		return options;
	}

	private Strategy strategy(GenerationParameters request, LoadedModel model, PromptParts parts) {
		Strategy strategy;
		try {
			strategy = (request.strategy() != null) ? Strategy.of(request.strategy()) : this.defaultStrategy;
		}
		catch (IllegalArgumentException ex) {
			throw ApiException.invalidRequest(ex.getMessage(), "strategy");
		}
		if (!model.orchestrator().serves(strategy)) {
			throw ApiException.invalidRequest(switch (strategy) {
				case PROMPT_ONLY -> "prompt-only needs prompt compression, and the served package has no tiny model";
				case OFF_THE_SHELF -> "this node serves no off-the-shelf model (elms.off-the-shelf)";
				default ->
					"this node serves no " + strategy.id() + " levels: the package has none, or elms.baselines is off";
			}, "strategy");
		}
		if (strategy == Strategy.PROMPT_ONLY && parts == null) {
			throw ApiException.invalidRequest("prompt-only compresses the system message of a chat that ends with a "
					+ "user message; this request has none", "strategy");
		}
		return strategy;
	}

	private int maxTokens(GenerationParameters request, int promptTokens, int contextLength, String promptParam) {
		int room = contextLength - promptTokens;
		if (room < 1) {
			throw ApiException.contextLengthExceeded("This model's maximum context length is " + contextLength
					+ " tokens, and the prompt has " + promptTokens + " tokens, leaving no room for a completion.",
					promptParam);
		}
		boolean completionTokens = request.maxCompletionTokens() != null;
		Integer requested = completionTokens ? request.maxCompletionTokens() : request.maxTokens();
		if (requested == null) {
			return Math.min(this.defaultMaxTokens, room);
		}
		if (requested > room) {
			throw ApiException
				.contextLengthExceeded(
						"This model's maximum context length is " + contextLength + " tokens. However, you requested "
								+ (promptTokens + requested) + " tokens (" + promptTokens + " in the prompt, "
								+ requested + " for the completion).",
						completionTokens ? "max_completion_tokens" : "max_tokens");
		}
		return requested;
	}

	/** Each part from the body's {@code slo}, else from its header. */
	static LatencySlo slo(GenerationParameters request, HttpHeaders headers) {
		RequestSlo body = request.slo();
		Double ttftMs = (body != null && body.ttftMs() != null) ? body.ttftMs() : header(headers, TTFT_HEADER);
		Double tpotMs = (body != null && body.tpotMs() != null) ? body.tpotMs() : header(headers, TPOT_HEADER);
		return new LatencySlo(ttftMs, tpotMs);
	}

	private static Double header(HttpHeaders headers, String name) {
		String value = headers.getFirst(name);
		if (value == null) {
			return null;
		}
		double ms;
		try {
			ms = Double.parseDouble(value.trim());
		}
		catch (NumberFormatException ex) {
			throw ApiException.invalidRequest(name + " must be a number of milliseconds", name);
		}
		if (!(ms > 0 && ms <= MAX_SLO)) {
			throw ApiException.invalidRequest(name + " must be greater than 0 and at most " + MAX_SLO_MS, name);
		}
		return ms;
	}

}
