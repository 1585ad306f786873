package ai.elms.engine.pack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code manifest.json} of an elastic package (see docs/model-package.md).
 *
 * @param format format tag, {@value #FORMAT}
 * @param name model name, served as the OpenAI model id
 * @param architecture shape of the full model
 * @param anchorLayers layers that no level shrinks
 * @param levels the levels, smallest first; the last is the full model
 * @param tokenizer file name of the HF {@code tokenizer.json}
 * @param weights file name of the safetensors weights
 * @param chatTemplate how chat messages become a prompt
 * @param eosTokens tokens that end a generation
 * @param baselines optional ladders of other levels cut from the same weights to compare
 * with, by name (for example {@code layer-drop}: whole layers dropped), each smallest
 * first
 */
public record PackageManifest(@JsonProperty("format") String format, @JsonProperty("name") String name,
		@JsonProperty("architecture") Architecture architecture,
		@JsonProperty("anchor_layers") List<Integer> anchorLayers, @JsonProperty("levels") List<LevelSpec> levels,
		@JsonProperty("tokenizer") String tokenizer, @JsonProperty("weights") String weights,
		@JsonProperty("chat_template") ChatTemplate chatTemplate, @JsonProperty("eos_tokens") List<String> eosTokens,
		@JsonProperty("baselines") @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, List<LevelSpec>> baselines) {

	public static final String FORMAT = "elms-elastic/1";

	public PackageManifest {
		anchorLayers = List.copyOf(anchorLayers);
		levels = List.copyOf(levels);
		eosTokens = List.copyOf(eosTokens);
		Map<String, List<LevelSpec>> ladders = new LinkedHashMap<>();
		if (baselines != null) {
			baselines.forEach((ladder, ladderLevels) -> ladders.put(ladder, List.copyOf(ladderLevels)));
		}
		baselines = java.util.Collections.unmodifiableMap(ladders);
	}

	/**
	 * The levels of a ladder: the elastic levels for {@code null}, else the baseline of
	 * that name.
	 * @throws IllegalArgumentException for a baseline the package does not have
	 */
	public List<LevelSpec> ladder(String name) {
		if (name == null) {
			return this.levels;
		}
		List<LevelSpec> ladder = this.baselines.get(name);
		if (ladder == null) {
			throw new IllegalArgumentException("the package has no " + name + " levels");
		}
		return ladder;
	}

	void check() {
		Architecture.require(FORMAT.equals(this.format), "unsupported package format '" + this.format + "'");
		Architecture.require(!this.levels.isEmpty(), "a package needs at least one level");
		checkLadder(this.levels);
		this.baselines.values().forEach(this::checkLadder);
		for (int anchor : this.anchorLayers) {
			Architecture.require(anchor >= 0 && anchor < this.architecture.layers(), "anchor layer out of range");
		}
	}

	private void checkLadder(List<LevelSpec> ladder) {
		Architecture.require(!ladder.isEmpty(), "a ladder of levels cannot be empty");
		double previous = 0;
		for (LevelSpec level : ladder) {
			level.check(this.architecture);
			Architecture.require(level.share() > previous, "levels must be listed smallest first");
			previous = level.share();
		}
	}

}
