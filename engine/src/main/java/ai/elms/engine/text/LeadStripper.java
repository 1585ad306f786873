package ai.elms.engine.text;

/**
 * Takes the answer lead (see {@link ai.elms.engine.pack.ChatTemplate#answerLead()}) off
 * the start of generated text: text is held back while it could still be the lead, then
 * released without it; an answer that does not open with the lead is released whole.
 */
public final class LeadStripper {

	private final String lead;

	private final StringBuilder held = new StringBuilder();

	private boolean done;

	public LeadStripper(String lead) {
		this.lead = lead;
		this.done = lead.isEmpty();
	}

	/** Adds generated text; returns the part that is now final (possibly empty). */
	public String add(String delta) {
		if (this.done) {
			return delta;
		}
		this.held.append(delta);
		if (this.held.length() < this.lead.length() && this.lead.startsWith(this.held.toString())) {
			return "";
		}
		this.done = true;
		String text = this.held.toString();
		return text.startsWith(this.lead) ? text.substring(this.lead.length()) : text;
	}

	/**
	 * What is still held back at the end of a generation: nothing when it was the start
	 * of the lead.
	 */
	public String flush() {
		if (this.done) {
			return "";
		}
		this.done = true;
		return this.lead.startsWith(this.held.toString()) ? "" : this.held.toString();
	}

}
