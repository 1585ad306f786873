package ai.elms.engine;

import java.nio.file.Path;
import java.util.List;

/**
 * How an engine is opened.
 *
 * @param threads intra-op threads of the shared ONNX Runtime pool; 0 means all cores
 * @param levels shares of the levels to open (for example {@code [1.0]}); empty means all
 * @param workDir where generated level graphs are written; {@code null} means a temporary
 * folder
 * @param scoring whether each level also gets a session that returns the logits of every
 * new position, so that {@link PrefilledPrompt#score} runs a continuation in one step
 * instead of one step per token (for evaluation; costs a second session per level)
 * @param ladder the package's ladder of levels to open: {@code null} for the elastic
 * levels, or the name of one of its baselines (such as {@code layer-drop})
 */
public record EngineOptions(int threads, List<Double> levels, Path workDir, boolean scoring, String ladder) {

	public static final EngineOptions DEFAULTS = new EngineOptions(0, List.of(), null, false, null);

	public EngineOptions(int threads, List<Double> levels, Path workDir, boolean scoring) {
		this(threads, levels, workDir, scoring, null);
	}

	public EngineOptions {
		if (threads < 0) {
			throw new IllegalArgumentException("threads must be >= 0");
		}
		levels = (levels != null) ? List.copyOf(levels) : List.of();
	}

	public EngineOptions withThreads(int threads) {
		return new EngineOptions(threads, this.levels, this.workDir, this.scoring, this.ladder);
	}

	public EngineOptions withLevels(List<Double> levels) {
		return new EngineOptions(this.threads, levels, this.workDir, this.scoring, this.ladder);
	}

	public EngineOptions withScoring(boolean scoring) {
		return new EngineOptions(this.threads, this.levels, this.workDir, scoring, this.ladder);
	}

	/** The options for one of the package's baseline ladders, all its levels. */
	public EngineOptions withLadder(String ladder) {
		return new EngineOptions(this.threads, List.of(), this.workDir, this.scoring, ladder);
	}

}
