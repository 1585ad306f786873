package ai.elms.lab.tasks;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The fixed splits. An item's split follows from its key alone (or, for templated tasks,
 * from its template), never from the seed or the sizes asked for, so the test split stays
 * the same whatever else changes; it is never trained or tuned on.
 */
public enum Split {

	/** Training and task tuning. */
	TRAIN("train", 0.80),

	/** Importance scores, anchor layers and other statistics of the elastification. */
	CALIBRATION("calibration", 0.05),

	/** Choices made while training or tuning (early stopping, recovery settings). */
	VALIDATION("validation", 0.05),

	/** The reported accuracy; nothing is fitted on it. */
	TEST("test", 0.10);

	private final String id;

	private final double share;

	Split(String id, double share) {
		this.id = id;
		this.share = share;
	}

	@JsonValue
	public String id() {
		return this.id;
	}

	/** The split of an id ({@code train}, {@code test}, ...). */
	public static Split of(String id) {
		for (Split split : values()) {
			if (split.id.equals(id)) {
				return split;
			}
		}
		throw new IllegalArgumentException("unknown split '" + id + "'");
	}

	/** The split of a key: its stable hash, cut into the splits' shares. */
	static Split ofKey(String key) {
		return ofUnit(StableHash.unit("split", key));
	}

	static Split ofUnit(double unit) {
		double upTo = 0;
		for (Split split : new Split[] { TEST, VALIDATION, CALIBRATION }) {
			upTo += split.share;
			if (unit < upTo) {
				return split;
			}
		}
		return TRAIN;
	}

}
