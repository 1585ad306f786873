package ai.elms.lab.elastic;

/** How the units of each layer are ranked before the reordering. */
public enum UnitOrder {

	/** First-order Taylor score |W * dL/dW| on the calibration split, as published. */
	TAYLOR,

	/** L2 norm of the unit's weights, a baseline. */
	MAGNITUDE,

	/** A seeded random permutation, the baseline of what the ranking buys. */
	RANDOM

}
