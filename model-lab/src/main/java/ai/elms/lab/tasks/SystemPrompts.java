package ai.elms.lab.tasks;

import java.util.List;
import java.util.stream.Collectors;

import ai.elms.lab.tasks.MobileAgentCatalog.AgentFunction;
import ai.elms.lab.tasks.MobileAgentCatalog.App;

/**
 * The system part of each prompt: what the task is, the catalog for the mobile-agent
 * tasks, and five worked examples from the training split, as in the publication's 5-shot
 * prompts. It is the part prompt compression shortens, so it is long by design.
 */
final class SystemPrompts {

	/** Every system prompt is at least this long; tests hold the generator to it. */
	static final int MIN_CHARS = 1000;

	static final int EXAMPLES = 5;

	private static final String DEFINITION = """
			You are a careful assistant for questions about English words. Each question gives \
			the definition of a common English word and the word's part of speech: noun, verb or \
			adjective. Read the definition and answer with the word it describes, in lower case \
			and as a dictionary writes it, with no explanation and nothing else. When several \
			words share the meaning, answer with the one people use most often for it; a \
			definition of a phrasal verb is answered with the whole phrase (call on, take up). \
			The answer is never a word of the definition itself. The definitions come from a \
			dictionary of English: a noun's tells what the thing is, a verb's what doing it \
			means, and an adjective's the quality it names, often with a word on where it is \
			used after a semicolon.""";

	private static final String HYPERNYM = """
			You are a careful assistant for questions about English words. Each question names a \
			word and its part of speech, and gives four candidate words. Exactly one candidate is \
			a hypernym of the word: a more general word, so that the word names a kind of that \
			thing or, for a verb, a way of doing it (a beagle is a kind of dog; to whisper is a \
			way to speak). The other three candidates are general words for other things. If the \
			word has several meanings, any of them may be meant. Answer with the hypernym, written \
			exactly as it appears among the options, with no explanation and nothing else.""";

	private static final String APP_SELECTION = """
			You are the assistant of a phone that carries out a user's instruction by opening the \
			right app. The apps installed on the phone are listed below with what each one does. \
			Read the instruction, decide which single app should handle it, and answer with that \
			app's name written exactly as in the list, with no explanation and nothing else.""";

	private static final String FUNCTION_CALL = """
			You turn a phone user's request into exactly one function call. The functions are \
			listed below with what each one does. Pick the function that does what the user asks \
			and fill in every argument from the request; an argument the request does not give \
			takes its default. Write times as HH:MM on a 24-hour clock (a time said without am or \
			pm is taken as said), durations as HH:MM:SS, days as today, tomorrow or a weekday in \
			lower case, and amounts, temperatures and percentages as whole numbers. Answer with \
			the call only, in the form name(argument="value", ...).""";

	private final MobileAgentCatalog catalog;

	SystemPrompts(MobileAgentCatalog catalog) {
		this.catalog = catalog;
	}

	String render(Task task, List<Question> examples) {
		StringBuilder prompt = new StringBuilder();
		switch (task) {
			case WORDNET_DEFINITION -> prompt.append(DEFINITION);
			case WORDNET_HYPERNYM -> prompt.append(HYPERNYM);
			case APP_SELECTION -> prompt.append(APP_SELECTION)
				.append("\n\nApps:\n")
				.append(this.catalog.apps()
					.stream()
					.map((App a) -> "- " + a.name() + ": " + a.description())
					.collect(Collectors.joining("\n")));
			case FUNCTION_CALL -> prompt.append(FUNCTION_CALL)
				.append("\n\nFunctions:\n")
				.append(this.catalog.functions()
					.stream()
					.map(SystemPrompts::describe)
					.collect(Collectors.joining("\n")));
		}
		prompt.append("\n\nExamples:");
		for (Question example : examples) {
			prompt.append("\n\n").append(example.user()).append('\n').append(answerLabel(task)).append(' ');
			prompt.append(example.answerText());
		}
		return prompt.toString();
	}

	private static String describe(AgentFunction function) {
		String defaults = function.params()
			.stream()
			.filter((p) -> p.defaultValue() != null)
			.map((p) -> p.name() + " defaults to \"" + p.defaultValue() + "\"")
			.collect(Collectors.joining("; "));
		return "- " + function.signature() + ": " + function.description()
				+ (defaults.isEmpty() ? "" : " (" + defaults + ")");
	}

	private static String answerLabel(Task task) {
		return switch (task) {
			case WORDNET_DEFINITION, WORDNET_HYPERNYM -> "Answer:";
			case APP_SELECTION -> "App:";
			case FUNCTION_CALL -> "Call:";
		};
	}

}
