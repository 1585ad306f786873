package ai.elms.lab.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import ai.elms.engine.ChatMessage;
import ai.elms.engine.text.Tokenizer;
import ai.elms.lab.tasks.Task;
import ai.elms.lab.tasks.TaskItem;
import ai.elms.lab.tokenizer.ChatFormat;

/**
 * Task items as the package's chat prompts, each followed by its answer and the end
 * token; the loss is on those answer tokens only. A tuning row may shorten the cost of
 * the long system prompts two ways: fewer worked examples (the catalog and the
 * description stay), and several questions of the same task answered in turn after one
 * system prompt (a multi-turn chat in the same template). Every row of a batch has the
 * same task, number of examples and of turns, so rows are of about one length and padding
 * is small.
 */
public final class ChatRows implements BatchSource {

	private static final String EXAMPLES = "\n\nExamples:";

	private static final String EXAMPLE_SEPARATOR = "\n\n";

	private static final int FULL_SHOTS = 5;

	private static final long PURPOSE = 3;

	private final Map<Task, List<TaskItem>> items;

	private final List<Task> tasks;

	private final Tokenizer tokenizer;

	private final int end;

	private final TuneConfig config;

	private final long seed;

	private final RowCompression compression;

	public ChatRows(Map<Task, List<TaskItem>> items, Tokenizer tokenizer, TuneConfig config, long seed) {
		this(items, tokenizer, config, seed, null);
	}

	/**
	 * @param compression how a share of the batches is compressed as the node serves it,
	 * or null to keep every system prompt whole
	 */
	ChatRows(Map<Task, List<TaskItem>> items, Tokenizer tokenizer, TuneConfig config, long seed,
			RowCompression compression) {
		this.items = items;
		this.tasks = items.keySet().stream().filter((task) -> !items.get(task).isEmpty()).sorted().toList();
		this.tokenizer = tokenizer;
		this.end = tokenizer.tokenId(ChatFormat.END);
		this.config = config;
		this.seed = seed;
		this.compression = compression;
		if (this.tasks.isEmpty()) {
			throw new IllegalArgumentException("no task items to tune on");
		}
	}

	/** One chat row: its tokens and, for each answer, where it starts and ends. */
	record Row(int[] tokens, List<int[]> answerSpans) {
	}

	@Override
	public TokenBatch batch(long step) {
		SplittableRandom random = Seeds.of(this.seed, PURPOSE, step);
		Task task = this.tasks.get(random.nextInt(this.tasks.size()));
		List<TaskItem> pool = this.items.get(task);
		// a compressed batch compresses what the node compresses: the whole system prompt
		double ratio = (this.compression != null) ? this.compression.draw(random) : 1;
		int shots = (ratio < 1 || random.nextDouble() < this.config.fullPromptShare()) ? FULL_SHOTS
				: random.nextInt(FULL_SHOTS);
		int turns = 1 + random.nextInt(Math.max(1, this.config.maxTurns()));
		List<Row> rows = new ArrayList<>();
		int longest = 0;
		while (true) {
			List<TaskItem> questions = new ArrayList<>();
			for (int t = 0; t < turns; t++) {
				questions.add(pool.get(random.nextInt(pool.size())));
			}
			Row row = row(questions, shots, ratio, this.config.sequenceLength());
			int widest = Math.max(longest, row.tokens().length);
			if (!rows.isEmpty() && (rows.size() + 1) * widest > this.config.batchTokens()) {
				break;
			}
			rows.add(row);
			longest = widest;
		}
		return batchOf(rows);
	}

	/** Items one row each, as at inference: the full system prompt and one question. */
	public List<TokenBatch> validationBatches(List<TaskItem> validation) {
		List<TokenBatch> batches = new ArrayList<>();
		List<Row> rows = new ArrayList<>();
		int longest = 0;
		for (TaskItem item : validation) {
			Row row = row(List.of(item), FULL_SHOTS, 1, Integer.MAX_VALUE);
			int widest = Math.max(longest, row.tokens().length);
			if (!rows.isEmpty() && (rows.size() + 1) * widest > this.config.batchTokens()) {
				batches.add(batchOf(rows));
				rows = new ArrayList<>();
				widest = row.tokens().length;
			}
			rows.add(row);
			longest = widest;
		}
		if (!rows.isEmpty()) {
			batches.add(batchOf(rows));
		}
		return batches;
	}

	/**
	 * The first question with its item's system prompt cut to {@code shots} examples and
	 * compressed to the prompt ratio, its answer, then the next questions and answers
	 * while the row stays within {@code limit} tokens (the first always stays).
	 */
	Row row(List<TaskItem> questions, int shots, double ratio, int limit) {
		TaskItem first = questions.get(0);
		String system = withShots(first.system(), shots);
		List<ChatMessage> opening = List.of(new ChatMessage("system", system), new ChatMessage("user", first.user()));
		int[] tokens = this.tokenizer.encode(ChatFormat.TEMPLATE.render(opening));
		if (ratio < 1) {
			tokens = this.compression.compress(tokens, this.tokenizer, system, first.user(), ratio);
		}
		List<int[]> spans = new ArrayList<>();
		tokens = answer(tokens, first, spans);
		for (int t = 1; t < questions.size(); t++) {
			// the end token closed the answer; its newline opens the next message
			int[] question = this.tokenizer
				.encode("\n" + ChatFormat.TEMPLATE.render(List.of(new ChatMessage("user", questions.get(t).user()))));
			List<int[]> more = new ArrayList<>();
			int[] longer = answer(concat(tokens, question), questions.get(t), more);
			if (longer.length > limit) {
				break;
			}
			tokens = longer;
			spans.addAll(more);
		}
		if (tokens.length > limit) {
			throw new IllegalArgumentException(first.id() + " takes " + tokens.length
					+ " tokens with its answer, more than the sequence length of " + limit);
		}
		return new Row(tokens, spans);
	}

	private int[] answer(int[] prompt, TaskItem item, List<int[]> spans) {
		int[] answer = this.tokenizer.encode(ChatFormat.TEMPLATE.answer(item.answerText()));
		int[] tokens = Arrays.copyOf(prompt, prompt.length + answer.length + 1);
		System.arraycopy(answer, 0, tokens, prompt.length, answer.length);
		tokens[tokens.length - 1] = this.end;
		spans.add(new int[] { prompt.length, tokens.length });
		return tokens;
	}

	/** The system prompt with its first {@code shots} worked examples only. */
	static String withShots(String system, int shots) {
		int start = system.indexOf(EXAMPLES);
		if (start < 0 || shots >= FULL_SHOTS) {
			return system;
		}
		if (shots == 0) {
			return system.substring(0, start);
		}
		String[] examples = system.substring(start + EXAMPLES.length()).split(EXAMPLE_SEPARATOR, -1);
		StringBuilder kept = new StringBuilder(system.substring(0, start + EXAMPLES.length()));
		// examples[0] is the empty text before the first separator
		for (int i = 1; i <= shots && i < examples.length; i++) {
			kept.append(EXAMPLE_SEPARATOR).append(examples[i]);
		}
		return kept.toString();
	}

	private static int[] concat(int[] a, int[] b) {
		int[] joined = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, joined, a.length, b.length);
		return joined;
	}

	/** Rows right-padded with the end token; targets are the answer tokens. */
	static TokenBatch batchOf(List<Row> rows) {
		int length = rows.stream().mapToInt((row) -> row.tokens().length).max().orElseThrow();
		long[] ids = new long[rows.size() * length];
		List<long[]> targets = new ArrayList<>();
		long tokens = 0;
		int answer = 0;
		for (int r = 0; r < rows.size(); r++) {
			int[] row = rows.get(r).tokens();
			int pad = row[row.length - 1];
			for (int t = 0; t < length; t++) {
				ids[r * length + t] = (t < row.length) ? row[t] : pad;
			}
			tokens += row.length;
			for (int[] span : rows.get(r).answerSpans()) {
				for (int t = span[0]; t < span[1]; t++) {
					// the position before a token predicts it
					targets.add(new long[] { (long) r * length + t - 1, row[t], answer });
				}
				answer++;
			}
		}
		long[] positions = new long[targets.size()];
		long[] targetIds = new long[targets.size()];
		int[] answers = new int[targets.size()];
		for (int i = 0; i < targets.size(); i++) {
			positions[i] = targets.get(i)[0];
			targetIds[i] = targets.get(i)[1];
			answers[i] = (int) targets.get(i)[2];
		}
		return new TokenBatch(rows.size(), length, ids, positions, targetIds, answers, tokens);
	}

}
