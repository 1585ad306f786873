package ai.elms.lab.tokenizer;

import java.util.List;

import ai.elms.engine.pack.ChatTemplate;

/**
 * The chat template that the trained model is tuned on and that its package names: the
 * engine's markers, which the tokenizer holds as single tokens
 * ({@link TokenizerCommand#SPECIAL_TOKENS}).
 */
public final class ChatFormat {

	/** End of a message and of a generation. */
	public static final String END = ChatTemplate.DEFAULT_END;

	public static final ChatTemplate TEMPLATE = ChatTemplate.DEFAULT;

	public static final List<String> EOS_TOKENS = List.of(END);

	private ChatFormat() {
	}

}
