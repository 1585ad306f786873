package ai.elms.node.model;

import java.util.List;

import ai.elms.engine.ChatMessage;
import ai.elms.engine.ElasticEngine;
import ai.elms.engine.GenerationRequest;
import ai.elms.engine.SamplingParams;
import ai.elms.engine.TokenSink;
import ai.elms.engine.orchestration.Orchestration;
import ai.elms.engine.orchestration.PromptParts;
import ai.elms.engine.orchestration.Strategy;
import ai.elms.engine.profile.LatencySlo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a few chat prompts in-process before the node reports ready: tokenizing, every
 * strategy's planning (the tiny model's included) and generating at the levels chosen, so
 * that the JVM has compiled those paths before the first request. The latency calibration
 * and the metrics see real requests only; the estimate of the tiny model's time starts
 * from these runs.
 */
final class ServingWarmUp {

	private static final Logger logger = LoggerFactory.getLogger(ServingWarmUp.class);

	/** Repeats of {@link #SYSTEM}: a prompt of several hundred tokens. */
	private static final int EXAMPLES = 8;

	/** A few-shot-like system part. */
	private static final String SYSTEM = "You pick the function call for a request. Functions: set_alarm(time), "
			+ "send_message(to, text), play_music(artist), set_thermostat(temperature), open_app(name). "
			+ "Request: Wake me at seven. Answer: set_alarm(time=\"7:00\"). ";

	private static final String USER = "Turn the heating up to twenty degrees.";

	private ServingWarmUp() {
	}

	/**
	 * Serves the chat prompt once per strategy the node serves, under a tight SLO and
	 * under none.
	 * @return that chat and SLO, for the request path to take once more; null when the
	 * context is too short for the chat
	 */
	static ModelWarmingUp run(LoadedModel model) {
		ElasticEngine engine = model.engine();
		// as many examples as leave room in the context
		List<ChatMessage> messages = null;
		int[] prompt = null;
		for (int examples = EXAMPLES; examples > 0 && messages == null; examples--) {
			List<ChatMessage> chat = List.of(new ChatMessage("system", SYSTEM.repeat(examples)),
					new ChatMessage("user", USER));
			int[] tokens = engine.encode(engine.renderChat(chat));
			if (tokens.length <= engine.contextLength() / 2) {
				messages = chat;
				prompt = tokens;
			}
		}
		if (messages == null) {
			logger.info("The context is too short to warm up the serving path");
			return null;
		}
		long start = System.nanoTime();
		PromptParts parts = model.partsOf(prompt, messages);
		int full = model.profile().levels().size() - 1;
		LatencySlo tight = new LatencySlo(0.3 * model.profile().predictTtftMs(full, prompt.length),
				0.6 * model.profile().predictTpotMs(full, prompt.length));
		for (Strategy strategy : Strategy.values()) {
			if (!model.orchestrator().serves(strategy) || (strategy == Strategy.PROMPT_ONLY && parts == null)) {
				continue;
			}
			try {
				for (LatencySlo slo : List.of(tight, LatencySlo.NONE)) {
					Orchestration plan = model.orchestrator().plan(strategy, prompt, parts, 0, slo);
					model.engineOf(plan)
						.generate(new GenerationRequest(plan.promptTokens(), plan.level(), 2, SamplingParams.GREEDY,
								List.of(), false, engine.answerLead()), TokenSink.NONE);
				}
			}
			catch (RuntimeException ex) {
				// e.g. an own model with a shorter context: its requests say so when
				// they come, the node serves the other strategies
				logger.warn("Warming up {} failed: {}", strategy.id(), ex.getMessage());
			}
		}
		logger.info("Warmed up the serving path on a {}-token prompt in {} ms", prompt.length,
				(System.nanoTime() - start) / 1_000_000);
		return new ModelWarmingUp(model, messages, tight);
	}

}
