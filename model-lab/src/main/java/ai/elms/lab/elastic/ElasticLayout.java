package ai.elms.lab.elastic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import ai.elms.engine.pack.LevelSpec;
import ai.elms.engine.pack.PackageManifest;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code RUN/elastic.json} of an elasticized run: how its units were ordered, its anchor
 * layers and levels, and the calibration figures behind them. {@code export} puts the
 * anchors and levels in the package's manifest.
 *
 * @param order how the units were ranked; null for a package's layout
 * @param anchorLayers layers that no level shrinks
 * @param levels the nine levels, smallest first
 * @param lossWithoutLayer calibration loss with each layer skipped
 * @param levelLoss calibration loss at each level
 * @param maxLogitDifference largest absolute logit difference between the full model
 * before and after the reordering
 */
public record ElasticLayout(@JsonProperty("order") UnitOrder order,
		@JsonProperty("anchor_layers") List<Integer> anchorLayers, @JsonProperty("levels") List<LevelSpec> levels,
		@JsonProperty("loss_without_layer") List<Double> lossWithoutLayer,
		@JsonProperty("level_loss") List<Double> levelLoss,
		@JsonProperty("max_logit_difference") double maxLogitDifference) {

	static final String FILE = "elastic.json";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * The layout of an exported package, whose manifest keeps the anchors and levels but
	 * not how its units were ordered nor the calibration figures.
	 */
	public static ElasticLayout ofPackage(PackageManifest manifest) {
		return new ElasticLayout(null, manifest.anchorLayers(), manifest.levels(), List.of(), List.of(), 0);
	}

	/** The layout of an elasticized run; empty for a run that was not elasticized. */
	public static Optional<ElasticLayout> read(Path run) throws IOException {
		Path file = run.resolve(FILE);
		return Files.isRegularFile(file) ? Optional.of(JSON.readValue(file.toFile(), ElasticLayout.class))
				: Optional.empty();
	}

	public void write(Path run) throws IOException {
		JSON.writerWithDefaultPrettyPrinter().writeValue(run.resolve(FILE).toFile(), this);
	}

}
