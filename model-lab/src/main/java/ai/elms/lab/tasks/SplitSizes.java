package ai.elms.lab.tasks;

/**
 * How many items each task keeps per split (fewer where the source has fewer).
 *
 * @param train training items per task
 * @param calibration calibration items per task
 * @param validation validation items per task
 * @param test test items per task
 */
public record SplitSizes(int train, int calibration, int validation, int test) {

	public SplitSizes {
		if (train <= SystemPrompts.EXAMPLES || calibration < 0 || validation < 0 || test < 0) {
			throw new IllegalArgumentException(
					"split sizes must not be negative, and train needs more items than the few-shot examples");
		}
	}

	public int of(Split split) {
		return switch (split) {
			case TRAIN -> this.train;
			case CALIBRATION -> this.calibration;
			case VALIDATION -> this.validation;
			case TEST -> this.test;
		};
	}

}
