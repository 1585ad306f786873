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
	public static final String END = TokenizerCommand.SPECIAL_TOKENS.get(0);

	public static final ChatTemplate TEMPLATE = new ChatTemplate(TokenizerCommand.SPECIAL_TOKENS.get(1) + "\n",
			TokenizerCommand.SPECIAL_TOKENS.get(2) + "\n", TokenizerCommand.SPECIAL_TOKENS.get(3) + "\n", END + "\n");

	public static final List<String> EOS_TOKENS = List.of(END);

	private ChatFormat() {
	}

}
