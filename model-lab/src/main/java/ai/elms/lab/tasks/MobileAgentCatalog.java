package ai.elms.lab.tasks;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The apps, functions and instruction templates of the mobile-agent tasks
 * ({@code mobile-agent.json}).
 *
 * @param prefixes polite openings put before imperative templates
 * @param suffixes endings put after imperative templates
 * @param slots slot types filled from WordNet: the synsets whose hyponyms fill them
 * @param functions the functions of the function-call task, in choice order
 * @param apps the apps of the app-selection task, in choice order
 */
@JsonIgnoreProperties({ "comment" })
record MobileAgentCatalog(List<String> prefixes, List<String> suffixes, Map<String, WordNetSlot> slots,
		List<AgentFunction> functions, List<App> apps) {

	static final Pattern SLOT = Pattern.compile("\\{(\\w+)}");

	static final int MIN_TEMPLATES = 3;

	/**
	 * A slot filled with the lemmas of every synset below the given ones.
	 *
	 * @param wordnet synset ids such as {@code n:08524735}
	 * @param proper true for names (capitalized lemmas only), false for common nouns
	 * (lower case only)
	 * @param familiar whether only sense-tagged (familiar) lemmas are taken
	 */
	record WordNetSlot(List<String> wordnet, boolean proper, boolean familiar) {
	}

	/** A function of the function-call task; each parameter is filled from its slot. */
	record AgentFunction(String name, String description, List<Param> params) {

		String signature() {
			return this.name + "(" + this.params.stream().map(Param::name).collect(Collectors.joining(", ")) + ")";
		}

	}

	/**
	 * @param name the argument name in a call
	 * @param slot the slot type that fills it
	 * @param defaultValue the value when the request does not say, or null when it must
	 */
	record Param(String name, String slot, @JsonProperty("default") String defaultValue) {
	}

	record App(String name, String description, List<Intent> intents) {
	}

	/** One thing an app does, with the ways a user asks for it; optionally a function. */
	record Intent(String function, List<String> templates) {
	}

	static MobileAgentCatalog load() {
		try (InputStream in = MobileAgentCatalog.class.getResourceAsStream("mobile-agent.json")) {
			MobileAgentCatalog catalog = JsonMapper.builder()
				.disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
				.build()
				.readValue(in, MobileAgentCatalog.class);
			catalog.check();
			return catalog;
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot read the mobile-agent catalog", ex);
		}
	}

	AgentFunction function(String name) {
		return this.functions.stream()
			.filter((f) -> f.name().equals(name))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("no function '" + name + "' in the catalog"));
	}

	static List<String> slotsOf(String template) {
		return SLOT.matcher(template).results().map((m) -> m.group(1)).toList();
	}

	private void check() {
		Set<String> known = new HashSet<>(SlotFillers.BUILT_IN);
		known.addAll(this.slots.keySet());
		Set<String> implemented = new HashSet<>();
		for (App app : this.apps) {
			for (Intent intent : app.intents()) {
				if (intent.templates().size() < MIN_TEMPLATES) {
					throw new IllegalStateException(
							app.name() + ": an intent needs " + MIN_TEMPLATES + " templates (test, validation, train)");
				}
				for (String template : intent.templates()) {
					for (Matcher m = SLOT.matcher(template); m.find();) {
						if (!known.contains(m.group(1))) {
							throw new IllegalStateException(app.name() + ": unknown slot in '" + template + "'");
						}
					}
				}
				if (intent.function() != null) {
					if (!implemented.add(intent.function())) {
						throw new IllegalStateException("function '" + intent.function() + "' has two intents");
					}
					for (Param param : function(intent.function()).params()) {
						for (String template : intent.templates()) {
							if (param.defaultValue() == null && !slotsOf(template).contains(param.slot())) {
								throw new IllegalStateException("'" + template + "' does not fill " + param.name());
							}
						}
					}
				}
			}
		}
		for (AgentFunction function : this.functions) {
			if (!implemented.contains(function.name())) {
				throw new IllegalStateException("no app implements function '" + function.name() + "'");
			}
		}
	}

}
