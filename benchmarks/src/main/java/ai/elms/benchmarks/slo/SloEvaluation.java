package ai.elms.benchmarks.slo;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import ai.elms.benchmarks.Stats;
import ai.elms.benchmarks.Table;
import ai.elms.engine.profile.LatencyProfile;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code java -jar benchmarks.jar slo}: the publication's protocol against a running
 * node, over HTTP. Each item's SLO is a pair of fractions of the node's own full-model
 * latency on that item's whole prompt, both measured on it by a first request at the full
 * level without an SLO (TPOT from the node's profile where that answer is one token). An
 * answer counts when it is right and both parts of its SLO were met; right by either
 * rule, each reported: the generated answer is the gold answer exactly (what a client
 * reads), or the gold choice is the one the node scores most likely after the prompt as
 * served (the publication's multiple-choice scoring).
 */
public final class SloEvaluation {

	public static final String USAGE = """
			usage: java -jar benchmarks/target/benchmarks.jar slo --node URL --data DIR [options]
			  --node URL            the inference node, e.g. http://localhost:8080
			  --data DIR            model-lab's data directory (its test split is used)
			  --mode standalone|trace   the five standalone SLO pairs, or traces of six SLO classes (default: standalone)
			  --items N             test items per task (default: 50)
			  --strategies LIST     (default: elastic,full,model-only,prompt-only,layer-drop,attention-drop,
			                        layer-collapse)
			  --requests N          trace: requests per trace (default: 600)
			  --skews LIST          trace: skews of the class shares (default: 0,0.25,-0.25)
			  --max-tokens N        longest answer (default: 48)
			  --seed N              trace: the draw of classes and items (default: 42)
			  --out FILE            write the results as JSON""";

	/** The publication's standalone SLO pairs (TTFT, TPOT fractions). */
	static final List<double[]> STANDALONE = List.of(new double[] { 0.8, 0.9 }, new double[] { 0.6, 0.8 },
			new double[] { 0.4, 0.7 }, new double[] { 0.2, 0.6 }, new double[] { 0.2, 0.5 });

	/** The trace's six SLO classes, each tied to a task. */
	static final List<double[]> CLASSES = List.of(new double[] { 1.0, 1.0 }, new double[] { 0.8, 0.9 },
			new double[] { 0.6, 0.8 }, new double[] { 0.4, 0.7 }, new double[] { 0.2, 0.6 }, new double[] { 0.2, 0.5 });

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final NodeClient node;

	private final Options options;

	private LatencyProfile profile;

	/** The full model's latency on an item's whole prompt. */
	private record Reference(double ttftMs, double tpotMs) {
	}

	private SloEvaluation(Options options) {
		this.options = options;
		this.node = new NodeClient(options.node());
	}

	/**
	 * The command's settings.
	 *
	 * @param node the node's base URL
	 * @param data model-lab's data directory
	 * @param trace whether to run traces instead of the standalone pairs
	 * @param items test items per task
	 * @param strategies the strategies to compare
	 * @param requests trace length
	 * @param skews trace skews
	 * @param maxTokens longest answer
	 * @param seed the trace's draw
	 * @param out JSON file of the results, or null
	 */
	record Options(URI node, Path data, boolean trace, int items, List<String> strategies, int requests,
			List<Double> skews, int maxTokens, long seed, Path out) {

		static Options parse(List<String> args) {
			URI node = null;
			Path data = null;
			boolean trace = false;
			int items = 50;
			List<String> strategies = List.of("elastic", "full", "model-only", "prompt-only", "layer-drop",
					"attention-drop", "layer-collapse");
			int requests = 600;
			List<Double> skews = List.of(0.0, 0.25, -0.25);
			int maxTokens = 48;
			long seed = 42;
			Path out = null;
			for (int i = 0; i < args.size(); i += 2) {
				String name = args.get(i);
				if (i + 1 >= args.size()) {
					throw new IllegalArgumentException("option " + name + " needs a value");
				}
				String value = args.get(i + 1);
				switch (name) {
					case "--node" -> node = URI.create(value);
					case "--data" -> data = Path.of(value);
					case "--mode" -> trace = switch (value) {
						case "standalone" -> false;
						case "trace" -> true;
						default -> throw new IllegalArgumentException("--mode must be standalone or trace");
					};
					case "--items" -> items = Integer.parseInt(value);
					case "--strategies" -> strategies = List.of(value.split(","));
					case "--requests" -> requests = Integer.parseInt(value);
					case "--skews" -> skews = java.util.Arrays.stream(value.split(",")).map(Double::valueOf).toList();
					case "--max-tokens" -> maxTokens = Integer.parseInt(value);
					case "--seed" -> seed = Long.parseLong(value);
					case "--out" -> out = Path.of(value);
					default -> throw new IllegalArgumentException("unknown option " + name);
				}
			}
			if (node == null || data == null) {
				throw new IllegalArgumentException("--node and --data are required");
			}
			if (items < 1 || requests < 1 || maxTokens < 1) {
				throw new IllegalArgumentException("--items, --requests and --max-tokens must be at least 1");
			}
			return new Options(node, data, trace, items, strategies, requests, skews, maxTokens, seed, out);
		}

	}

	/**
	 * One strategy in one setting.
	 *
	 * @param strategy the strategy
	 * @param setting the SLO pair, or the trace and its skew
	 * @param requests requests sent
	 * @param accuracy answers right, SLO or not
	 * @param accuracySloMet answers right with both parts of the SLO met: the metric
	 * @param choiceAccuracy gold choice scored most likely, SLO or not
	 * @param choiceAccuracySloMet gold choice scored most likely with both parts of the
	 * SLO met: the publication's metric
	 * @param ttftAttainment requests whose TTFT met the SLO
	 * @param tpotAttainment requests whose TPOT met the SLO
	 * @param sloAttainment requests that met both
	 * @param meanLevel mean level share served
	 * @param meanRatio mean prompt ratio served
	 * @param tinyModelShare over the requests the tiny model ran for, the median of its
	 * time over the full model's TTFT on the same prompt (what it adds to TTFT at the
	 * full level); null when it never ran
	 * @param chosen how many requests each (level share, prompt ratio) served, as
	 * {@code "level@ratio"}, most served first
	 * @param byTask per task, its requests and the shares right with the SLO met, by
	 * exact match and by choice
	 */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record Row(String strategy, String setting, int requests, double accuracy, double accuracySloMet,
			double choiceAccuracy, double choiceAccuracySloMet, double ttftAttainment, double tpotAttainment,
			double sloAttainment, double meanLevel, double meanRatio, Double tinyModelShare,
			Map<String, Integer> chosen, Map<String, TaskRow> byTask) {
	}

	/** A task's part of a {@link Row}. */
	@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
	record TaskRow(int requests, double accuracySloMet, double choiceAccuracySloMet) {
	}

	/** A task's requests, and those right with the SLO met by either rule. */
	private static final class TaskTally {

		private int requests;

		private int rightMet;

		private int pickedMet;

	}

	private static final class Tally {

		private int requests;

		private int right;

		private int rightMet;

		private int picked;

		private int pickedMet;

		private int ttft;

		private int tpot;

		private int both;

		private double levels;

		private double ratios;

		private final List<Double> tinyModelShares = new ArrayList<>();

		private final Map<String, Integer> chosen = new HashMap<>();

		private final Map<String, TaskTally> tasks = new TreeMap<>();

		void add(String task, boolean correct, boolean pickedRight, NodeClient.Answer answer, double fullTtftMs) {
			this.requests++;
			boolean met = answer.ttftMet() && answer.tpotMet();
			this.chosen.merge(String.format(Locale.ROOT, "%.2f@%.2f", answer.level(), answer.ratio()), 1, Integer::sum);
			TaskTally taskTally = this.tasks.computeIfAbsent(task, (t) -> new TaskTally());
			taskTally.requests++;
			taskTally.rightMet += (correct && met) ? 1 : 0;
			taskTally.pickedMet += (pickedRight && met) ? 1 : 0;
			this.right += correct ? 1 : 0;
			this.rightMet += (correct && met) ? 1 : 0;
			this.picked += pickedRight ? 1 : 0;
			this.pickedMet += (pickedRight && met) ? 1 : 0;
			this.ttft += answer.ttftMet() ? 1 : 0;
			this.tpot += answer.tpotMet() ? 1 : 0;
			this.both += met ? 1 : 0;
			this.levels += answer.level();
			this.ratios += answer.ratio();
			if (answer.tinyModelMs() > 0) {
				this.tinyModelShares.add(answer.tinyModelMs() / fullTtftMs);
			}
		}

		Row row(String strategy, String setting) {
			double n = Math.max(1, this.requests);
			Map<String, Integer> chosen = new LinkedHashMap<>();
			this.chosen.entrySet()
				.stream()
				.sorted(Map.Entry.<String, Integer>comparingByValue()
					.reversed()
					.thenComparing(Map.Entry.comparingByKey()))
				.forEach((entry) -> chosen.put(entry.getKey(), entry.getValue()));
			Map<String, TaskRow> byTask = new LinkedHashMap<>();
			this.tasks.forEach((task, tally) -> byTask.put(task, new TaskRow(tally.requests,
					tally.rightMet / (double) tally.requests, tally.pickedMet / (double) tally.requests)));
			return new Row(strategy, setting, this.requests, this.right / n, this.rightMet / n, this.picked / n,
					this.pickedMet / n, this.ttft / n, this.tpot / n, this.both / n, this.levels / n, this.ratios / n,
					this.tinyModelShares.isEmpty() ? null
							: Stats.median(this.tinyModelShares.stream().mapToDouble(Double::doubleValue).toArray()),
					chosen, byTask);
		}

	}

	public static int run(List<String> args, PrintStream out) throws IOException, InterruptedException {
		Options options = Options.parse(args);
		List<Row> rows = new SloEvaluation(options).evaluate(out);
		print(rows, options, out);
		if (options.out() != null) {
			Map<String, Object> report = new LinkedHashMap<>();
			report.put("node", options.node().toString());
			report.put("mode", options.trace() ? "trace" : "standalone");
			report.put("items_per_task", options.items());
			report.put("rows", rows);
			JSON.writerWithDefaultPrettyPrinter().writeValue(options.out().toFile(), report);
		}
		return 0;
	}

	private List<Row> evaluate(PrintStream out) throws IOException, InterruptedException {
		this.profile = this.node.profile();
		Map<String, List<TestItem>> items = new LinkedHashMap<>();
		for (String task : TestItem.TASKS) {
			items.put(task, TestItem.read(this.options.data(), task, this.options.items()));
		}
		List<Row> rows = new ArrayList<>();
		if (!this.options.trace()) {
			for (double[] slo : STANDALONE) {
				String setting = String.format(Locale.ROOT, "(%.1f, %.1f)", slo[0], slo[1]);
				Map<String, Tally> tallies = tallies();
				int sent = 0;
				for (List<TestItem> taskItems : items.values()) {
					for (TestItem item : taskItems) {
						sendEveryStrategy(item, slo, tallies, sent++);
					}
				}
				rows.addAll(rows(tallies, setting, out));
			}
			return rows;
		}
		for (double skew : this.options.skews()) {
			String setting = String.format(Locale.ROOT, "trace, skew %.2f", skew);
			Map<String, Tally> tallies = tallies();
			Map<Integer, Integer> next = new HashMap<>();
			int sent = 0;
			for (int slo : trace(skew)) {
				List<TestItem> pool = items.get(TestItem.TASKS.get(slo % TestItem.TASKS.size()));
				int index = next.merge(slo, 1, Integer::sum) - 1;
				sendEveryStrategy(pool.get(index % pool.size()), CLASSES.get(slo), tallies, sent++);
			}
			rows.addAll(rows(tallies, setting, out));
		}
		return rows;
	}

	private Map<String, Tally> tallies() {
		Map<String, Tally> tallies = new LinkedHashMap<>();
		this.options.strategies().forEach((strategy) -> tallies.put(strategy, new Tally()));
		return tallies;
	}

	private static List<Row> rows(Map<String, Tally> tallies, String setting, PrintStream out) {
		List<Row> rows = new ArrayList<>();
		tallies.forEach((strategy, tally) -> {
			rows.add(tally.row(strategy, setting));
			progress(out, rows.get(rows.size() - 1));
		});
		return rows;
	}

	/**
	 * One item under one SLO for every strategy, right after the full model's latency on
	 * it is measured: the strategies meet the machine as the basis found it, in an order
	 * that turns from one item to the next.
	 */
	private void sendEveryStrategy(TestItem item, double[] slo, Map<String, Tally> tallies, int sent)
			throws IOException, InterruptedException {
		Reference reference = reference(item);
		List<String> strategies = this.options.strategies();
		for (int k = 0; k < strategies.size(); k++) {
			String strategy = strategies.get((sent + k) % strategies.size());
			send(item, strategy, slo, reference, tallies.get(strategy));
		}
	}

	private static void progress(PrintStream out, Row row) {
		out.printf(Locale.ROOT, "%s %s: right with the SLO met %.3f (exact), %.3f (choice)%n", row.setting(),
				row.strategy(), row.accuracySloMet(), row.choiceAccuracySloMet());
	}

	/**
	 * The SLO classes of a trace's requests: class {@code i}'s share is proportional to
	 * {@code exp(skew * i)}, then the trace is shuffled (seeded).
	 */
	List<Integer> trace(double skew) {
		double[] weights = new double[CLASSES.size()];
		double sum = 0;
		for (int i = 0; i < weights.length; i++) {
			weights[i] = Math.exp(skew * i);
			sum += weights[i];
		}
		List<Integer> trace = new ArrayList<>();
		for (int i = 0; i < weights.length; i++) {
			long count = Math.round(this.options.requests() * weights[i] / sum);
			for (int k = 0; k < count; k++) {
				trace.add(i);
			}
		}
		Collections.shuffle(trace, new Random(this.options.seed()));
		return trace;
	}

	private void send(TestItem item, String strategy, double[] slo, Reference reference, Tally tally)
			throws IOException, InterruptedException {
		NodeClient.Answer answer = this.node.chat(item, strategy, slo[0] * reference.ttftMs(),
				slo[1] * reference.tpotMs(), this.options.maxTokens(), true);
		tally.add(item.task(), answer.text().strip().equals(item.answerText()), answer.picked() == item.answer(),
				answer, reference.ttftMs());
	}

	/**
	 * The full model's TTFT and TPOT on an item, measured by the node on its greedy
	 * answer, as the strategies are judged; the TPOT of an answer of one token, which has
	 * none, from the node's profile after the item's prompt.
	 */
	private Reference reference(TestItem item) throws IOException, InterruptedException {
		NodeClient.Answer full = this.node.chat(item, "full", null, null, this.options.maxTokens(), false);
		int fullLevel = this.profile.levels().size() - 1;
		double tpotMs = (full.tpotMs() > 0) ? full.tpotMs()
				: this.profile.predictTpotMs(fullLevel, full.promptTokens());
		return new Reference(full.ttftMs(), tpotMs);
	}

	private static void print(List<Row> rows, Options options, PrintStream out) {
		Table table = new Table(
				String.format(Locale.ROOT, "SLO evaluation (%s, %d items per task, node %s)",
						options.trace() ? "traces" : "standalone", options.items(), options.node()),
				"setting", "strategy", "requests", "right, SLO met", "right", "choice right, SLO met", "choice right",
				"TTFT met", "TPOT met", "both met", "mean level", "mean ratio", "tiny model / full TTFT");
		for (Row row : rows) {
			table.row(row.setting(), row.strategy(), row.requests(), percent(row.accuracySloMet()),
					percent(row.accuracy()), percent(row.choiceAccuracySloMet()), percent(row.choiceAccuracy()),
					percent(row.ttftAttainment()), percent(row.tpotAttainment()), percent(row.sloAttainment()),
					Table.number(row.meanLevel(), 2), Table.number(row.meanRatio(), 2),
					(row.tinyModelShare() != null) ? percent(row.tinyModelShare()) : "-");
		}
		table.print(out);
	}

	private static String percent(double share) {
		return String.format(Locale.ROOT, "%.1f%%", 100 * share);
	}

}
