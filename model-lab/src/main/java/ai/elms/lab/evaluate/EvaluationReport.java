package ai.elms.lab.evaluate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.json.JsonMapper;

/**
 * What {@code evaluate} measured: accuracy per level and task on a split, by the
 * likelihood of the choices and by exact match of the greedy answer.
 *
 * @param model the package's model name
 * @param packageHash the package's fingerprint
 * @param split the split the items came from
 * @param itemsPerTask the first items of each task's split that were scored
 * @param levels one result per level, smallest first
 */
public record EvaluationReport(@JsonProperty("model") String model, @JsonProperty("package_hash") String packageHash,
		@JsonProperty("split") String split, @JsonProperty("items_per_task") int itemsPerTask,
		@JsonProperty("levels") List<LevelResult> levels) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * One level's accuracy.
	 *
	 * @param share the level's width share
	 * @param parameters the level's parameters
	 * @param tasks accuracy per task id
	 * @param likelihoodAccuracy the tasks' mean accuracy by likelihood
	 * @param exactMatch the tasks' mean exact match
	 */
	public record LevelResult(@JsonProperty("share") double share, @JsonProperty("parameters") long parameters,
			@JsonProperty("tasks") Map<String, TaskResult> tasks,
			@JsonProperty("likelihood_accuracy") double likelihoodAccuracy,
			@JsonProperty("exact_match") double exactMatch) {
	}

	/**
	 * One task at one level.
	 *
	 * @param items items scored
	 * @param likelihoodAccuracy share of items whose most likely choice is the answer
	 * @param exactMatch share of items whose greedy answer is the answer's text
	 */
	public record TaskResult(@JsonProperty("items") int items,
			@JsonProperty("likelihood_accuracy") double likelihoodAccuracy,
			@JsonProperty("exact_match") double exactMatch) {
	}

	public static EvaluationReport read(Path file) throws IOException {
		return JSON.readValue(file.toFile(), EvaluationReport.class);
	}

	void write(Path file) throws IOException {
		JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
	}

	/**
	 * A Markdown table: a row per level, per task the accuracy by likelihood / exact
	 * match in percent.
	 */
	String table() {
		List<String> tasks = this.levels.get(0).tasks().keySet().stream().toList();
		StringBuilder text = new StringBuilder("| level | parameters |");
		StringBuilder rule = new StringBuilder("|---|---:|");
		for (String task : tasks) {
			text.append(' ').append(task).append(" |");
			rule.append("---:|");
		}
		text.append(" mean |\n").append(rule).append("---:|\n");
		for (LevelResult level : this.levels) {
			text.append(String.format(Locale.ROOT, "| %.1f | %,d |", level.share(), level.parameters()));
			for (String task : tasks) {
				TaskResult result = level.tasks().get(task);
				text.append(' ').append(percent(result.likelihoodAccuracy(), result.exactMatch())).append(" |");
			}
			text.append(' ').append(percent(level.likelihoodAccuracy(), level.exactMatch())).append(" |\n");
		}
		return text.toString();
	}

	private static String percent(double likelihood, double exact) {
		return String.format(Locale.ROOT, "%.1f / %.1f", 100 * likelihood, 100 * exact);
	}

}
