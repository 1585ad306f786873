package ai.elms.lab.training;

/**
 * Linear warm-up to the peak, then a cosine decay to the floor at the last step.
 *
 * @param peak rate after warm-up
 * @param floor rate at the last step
 * @param warmupSteps steps of the linear warm-up
 * @param steps all steps
 */
public record LearningRate(double peak, double floor, int warmupSteps, int steps) {

	/** The rate of a step, counted from 1. */
	public float at(long step) {
		if (step <= this.warmupSteps) {
			return (float) (this.peak * step / Math.max(1, this.warmupSteps));
		}
		double progress = (step - this.warmupSteps) / (double) Math.max(1, this.steps - this.warmupSteps);
		double cosine = 0.5 * (1 + Math.cos(Math.PI * Math.min(1, progress)));
		return (float) (this.floor + (this.peak - this.floor) * cosine);
	}

}
