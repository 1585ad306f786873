package ai.elms.lab;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** A progress bar on standard error for a long step, or nothing (in tests). */
public final class Progress implements AutoCloseable {

	private static final Progress NONE = new Progress(null);

	private final ProgressBar bar;

	private Progress(ProgressBar bar) {
		this.bar = bar;
	}

	public static Progress bar(String task, long total) {
		return new Progress(new ProgressBarBuilder().setTaskName(task)
			.setInitialMax(total)
			.setStyle(ProgressBarStyle.ASCII)
			.setUpdateIntervalMillis(250)
			.continuousUpdate()
			.build());
	}

	public static Progress none() {
		return NONE;
	}

	public void step() {
		stepBy(1);
	}

	public void stepBy(long steps) {
		if (this.bar != null) {
			this.bar.stepBy(steps);
		}
	}

	/** What the step is doing now, shown after the bar. */
	public void show(String message) {
		if (this.bar != null) {
			this.bar.setExtraMessage(" " + message);
		}
	}

	/** A line of output between updates of the bar; nothing without a bar. */
	public void println(String line) {
		if (this.bar != null) {
			System.out.println(line);
		}
	}

	@Override
	public void close() {
		if (this.bar != null) {
			this.bar.close();
		}
	}

}
