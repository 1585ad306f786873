package ai.elms.lab.training;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/**
 * The options every training stage shares: its run folder, schedule length, stop and
 * resume.
 */
final class RunOptions {

	@Option(names = "--out", required = true, description = "run folder: config.json, checkpoint/, log.jsonl")
	Path out;

	@Option(names = "--steps", description = "steps of the schedule (default: the config's)")
	Integer steps;

	@Option(names = "--stop-after", description = "stop after this step, keeping the schedule (to resume later)")
	Long stopAfter;

	@Option(names = "--resume", description = "continue from the run folder's checkpoint")
	boolean resume;

	@Option(names = "--threads", defaultValue = "0", description = "PyTorch threads, 0 for all cores")
	int threads;

	/** The last step to run in this invocation. */
	long lastStep() {
		return (this.stopAfter != null) ? this.stopAfter : Long.MAX_VALUE;
	}

}
