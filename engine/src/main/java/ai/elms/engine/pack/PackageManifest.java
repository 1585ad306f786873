package ai.elms.engine.pack;

import java.util.List;

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
 */
public record PackageManifest(@JsonProperty("format") String format, @JsonProperty("name") String name,
		@JsonProperty("architecture") Architecture architecture,
		@JsonProperty("anchor_layers") List<Integer> anchorLayers, @JsonProperty("levels") List<LevelSpec> levels,
		@JsonProperty("tokenizer") String tokenizer, @JsonProperty("weights") String weights,
		@JsonProperty("chat_template") ChatTemplate chatTemplate, @JsonProperty("eos_tokens") List<String> eosTokens) {

	public static final String FORMAT = "elms-elastic/1";

	public PackageManifest {
		anchorLayers = List.copyOf(anchorLayers);
		levels = List.copyOf(levels);
		eosTokens = List.copyOf(eosTokens);
	}

	void check() {
		Architecture.require(FORMAT.equals(this.format), "unsupported package format '" + this.format + "'");
		Architecture.require(!this.levels.isEmpty(), "a package needs at least one level");
		double previous = 0;
		for (LevelSpec level : this.levels) {
			level.check(this.architecture);
			Architecture.require(level.share() > previous, "levels must be listed smallest first");
			previous = level.share();
		}
		for (int anchor : this.anchorLayers) {
			Architecture.require(anchor >= 0 && anchor < this.architecture.layers(), "anchor layer out of range");
		}
	}

}
