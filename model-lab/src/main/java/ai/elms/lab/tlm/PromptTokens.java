package ai.elms.lab.tlm;

import java.util.List;

import ai.elms.engine.ChatMessage;
import ai.elms.engine.orchestration.PromptParts;
import ai.elms.engine.text.Tokenizer;
import ai.elms.lab.tasks.TaskItem;
import ai.elms.lab.tokenizer.ChatFormat;

/**
 * A task item's chat prompt as the LLM reads it, with its system and user parts located.
 */
final class PromptTokens {

	private PromptTokens() {
	}

	static PromptParts of(Tokenizer tokenizer, TaskItem item) {
		int[] tokens = tokenizer.encode(ChatFormat.TEMPLATE
			.render(List.of(new ChatMessage("system", item.system()), new ChatMessage("user", item.user()))));
		try {
			return PromptParts.locate(tokens, tokenizer.encode(item.system()), tokenizer.encode(item.user()));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException(item.id() + ": " + ex.getMessage(), ex);
		}
	}

}
