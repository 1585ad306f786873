package ai.elms.lab.evaluate;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import ai.elms.engine.ChatMessage;
import ai.elms.engine.ElasticEngine;
import ai.elms.engine.PrefilledPrompt;
import ai.elms.lab.tasks.TaskItem;

/**
 * Scores one task item at one level as published: each choice by the mean log-probability
 * of its tokens and the end token after the prompt, the most likely one the model's pick;
 * and by exact match of the greedy answer. One prefill serves both.
 */
public final class ItemScorer {

	private final ElasticEngine engine;

	private final int end;

	private final int maxAnswerTokens;

	public ItemScorer(ElasticEngine engine, String endToken, int maxAnswerTokens) {
		this.engine = engine;
		int[] ids = engine.encode(endToken);
		if (ids.length != 1) {
			throw new IllegalArgumentException(endToken + " is not one token of the package's tokenizer");
		}
		this.end = ids[0];
		this.maxAnswerTokens = maxAnswerTokens;
	}

	/** How a level did on an item. */
	record Outcome(int picked, boolean likelihoodCorrect, boolean exactMatch) {
	}

	/**
	 * Whether a level picks the gold choice after a given prompt (a compressed one, say),
	 * by likelihood alone.
	 */
	public boolean picksAnswer(int[] prompt, TaskItem item, int level) {
		List<int[]> choices = choices(item);
		return this.engine.withPrompt(prompt, level, (prefilled) -> pick(prefilled, choices)) == item.answer();
	}

	/**
	 * Whether a level's greedy answer after a given prompt is exactly the gold answer (at
	 * most the scorer's answer tokens).
	 */
	public boolean generatesAnswer(int[] prompt, TaskItem item, int level) {
		return this.engine.withPrompt(prompt, level, (prefilled) -> generates(prefilled, prompt.length, item));
	}

	private List<int[]> choices(TaskItem item) {
		List<int[]> choices = new ArrayList<>();
		for (String choice : item.choices()) {
			choices.add(withEnd(this.engine.encode(this.engine.answerLead() + choice)));
		}
		return choices;
	}

	Outcome score(TaskItem item, int level) {
		int[] prompt = this.engine.encode(this.engine
			.renderChat(List.of(new ChatMessage("system", item.system()), new ChatMessage("user", item.user()))));
		List<int[]> choices = choices(item);
		return this.engine.withPrompt(prompt, level, (prefilled) -> {
			int picked = pick(prefilled, choices);
			return new Outcome(picked, picked == item.answer(), generates(prefilled, prompt.length, item));
		});
	}

	/** Whether the greedy answer after a prefilled prompt is exactly the gold answer. */
	private boolean generates(PrefilledPrompt prefilled, int promptLength, TaskItem item) {
		int maxTokens = answerTokens(item, this.engine.contextLength() - promptLength);
		return maxTokens > 0 && this.engine.decode(prefilled.greedy(maxTokens)).strip().equals(item.answerText());
	}

	/**
	 * How many tokens a greedy answer may take: one more than the gold answer has bytes
	 * (every token of the byte-level tokenizer writes at least one, so a longer answer
	 * cannot match it, and the extra token tells an answer that goes on from one that
	 * ends), within the scorer's limit and the room left. Counting the gold answer's own
	 * tokens instead would miss an answer generated in other tokens than the tokenizer's.
	 */
	private int answerTokens(TaskItem item, int room) {
		int longest = (this.engine.answerLead() + item.answerText()).getBytes(StandardCharsets.UTF_8).length + 1;
		return Math.min(Math.min(this.maxAnswerTokens, longest), room);
	}

	private static int pick(PrefilledPrompt prefilled, List<int[]> choices) {
		int best = -1;
		double bestScore = Double.NEGATIVE_INFINITY;
		for (int c = 0; c < choices.size(); c++) {
			double score = prefilled.score(choices.get(c)).mean();
			if (score > bestScore) {
				bestScore = score;
				best = c;
			}
		}
		return best;
	}

	private int[] withEnd(int[] answer) {
		int[] tokens = java.util.Arrays.copyOf(answer, answer.length + 1);
		tokens[answer.length] = this.end;
		return tokens;
	}

}
