package ai.elms.lab.training;

import java.util.SplittableRandom;

/** Independent random streams derived from the run's seed. */
final class Seeds {

	private Seeds() {
	}

	/** The random stream of one use ({@code purpose}) at one step. */
	static SplittableRandom of(long seed, long purpose, long step) {
		long mixed = new SplittableRandom(seed ^ (purpose * 0x9E3779B97F4A7C15L)).split().nextLong() + step;
		return new SplittableRandom(new SplittableRandom(mixed).nextLong());
	}

}
