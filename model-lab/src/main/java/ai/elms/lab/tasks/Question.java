package ai.elms.lab.tasks;

import java.util.List;

/**
 * An item before it gets its system prompt.
 *
 * @param key identifies the content; decides the split where the template does not
 * @param split the fixed split
 * @param user the question as the user part of the prompt
 * @param choices the candidate answers
 * @param answer index of the gold answer
 */
record Question(String key, Split split, String user, List<String> choices, int answer) {

	String answerText() {
		return this.choices.get(this.answer);
	}

}
