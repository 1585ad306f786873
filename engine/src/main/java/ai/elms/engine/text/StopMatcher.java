package ai.elms.engine.text;

import java.util.List;

/**
 * Holds back generated text that could still become a stop string, so a client never sees
 * part of one.
 */
public final class StopMatcher {

	private final List<String> stops;

	private final StringBuilder text = new StringBuilder();

	private int released;

	private boolean stopped;

	public StopMatcher(List<String> stops) {
		this.stops = stops.stream().filter((stop) -> !stop.isEmpty()).toList();
	}

	/** Adds generated text; returns the part that is now final (possibly empty). */
	public String add(String delta) {
		if (this.stopped) {
			return "";
		}
		this.text.append(delta);
		int end = this.text.length();
		int stopAt = -1;
		for (String stop : this.stops) {
			int at = this.text.indexOf(stop, this.released);
			if (at >= 0 && (stopAt < 0 || at < stopAt)) {
				stopAt = at;
			}
		}
		if (stopAt >= 0) {
			this.stopped = true;
			this.text.setLength(stopAt);
			return release(stopAt);
		}
		return release(end - heldBack());
	}

	/** Whether a stop string was seen. */
	public boolean stopped() {
		return this.stopped;
	}

	/** Releases what is still held back, at the end of a generation. */
	public String flush() {
		return release(this.text.length());
	}

	/** All final text so far. */
	public String text() {
		return this.text.substring(0, this.released);
	}

	private int heldBack() {
		int longest = 0;
		for (String stop : this.stops) {
			int max = Math.min(stop.length() - 1, this.text.length() - this.released);
			for (int k = max; k > longest; k--) {
				if (this.text.substring(this.text.length() - k).equals(stop.substring(0, k))) {
					longest = k;
					break;
				}
			}
		}
		return longest;
	}

	private String release(int upTo) {
		String out = this.text.substring(this.released, upTo);
		this.released = upTo;
		return out;
	}

}
