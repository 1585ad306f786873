package ai.elms.node.scheduling;

import java.util.List;

import ai.elms.engine.SamplingParams;
import ai.elms.engine.orchestration.PromptParts;
import ai.elms.engine.orchestration.Strategy;
import ai.elms.engine.profile.LatencySlo;

/**
 * A validated request, ready to be scheduled.
 *
 * @param promptTokens the tokenized prompt; with {@code maxTokens} it fits the context
 * @param maxTokens most tokens to generate
 * @param sampling greedy or sampled
 * @param stop stop strings
 * @param slo the latency objective, parts may be absent
 * @param stream whether text is handed out as it is generated
 * @param parts where the prompt's system and user parts lie (a chat with a system
 * message), or null: only such a prompt can be compressed
 * @param strategy how the level and prompt ratio are chosen
 * @param options answers to score after the prompt as served, each tokenized with the
 * answer lead and the end token; empty for none
 * @param answerLead what the answer opens with and the returned text leaves out: the chat
 * template's answer lead after a chat prompt, empty after a plain one
 * @param arrivalNanos {@link System#nanoTime()} at arrival: queue wait and TTFT count
 * from here
 */
public record InferenceRequest(int[] promptTokens, int maxTokens, SamplingParams sampling, List<String> stop,
		LatencySlo slo, boolean stream, long arrivalNanos, PromptParts parts, Strategy strategy, List<int[]> options,
		String answerLead) {

	public InferenceRequest {
		stop = List.copyOf(stop);
		options = List.copyOf(options);
		answerLead = (answerLead != null) ? answerLead : "";
	}

}
