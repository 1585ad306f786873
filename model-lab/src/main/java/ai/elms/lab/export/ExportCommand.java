package ai.elms.lab.export;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import ai.djl.ndarray.NDManager;
import ai.elms.engine.pack.LayerDrop;
import ai.elms.engine.pack.LevelSpec;
import ai.elms.engine.text.Tokenizer;
import ai.elms.lab.elastic.BlockInfluence;
import ai.elms.lab.elastic.Calibration;
import ai.elms.lab.model.Decoder;
import ai.elms.lab.model.Torch;
import ai.elms.lab.training.TrainingConfig;

import ai.elms.engine.pack.Architecture;
import ai.elms.engine.pack.ModelPackage;
import ai.elms.engine.pack.PackageManifest;
import ai.elms.lab.data.DataDirectory;
import ai.elms.lab.elastic.ElasticLayout;
import ai.elms.lab.training.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code model-lab export}: a run's latest checkpoint as a package the inference node
 * serves. An elasticized run's package also gets the layer-drop baselines' ladders, by
 * the block influence of its weights on the calibration split.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
		description = "Write the latest checkpoint of a pretrain, tune or elasticize run as an elastic package "
				+ "(manifest.json, tokenizer.json, weights.safetensors).")
public final class ExportCommand implements Callable<Integer> {

	@Option(names = "--run", required = true, description = "run folder of pretrain or tune")
	Path run;

	@Option(names = "--data", required = true, description = "data directory with the tokenizer.json")
	Path data;

	@Option(names = "--out", required = true, description = "package folder to write")
	Path out;

	@Option(names = "--name", description = "model name in the manifest (default: the config's name)")
	String name;

	@Option(names = "--samples", defaultValue = "" + Calibration.DEFAULT_SAMPLES,
			description = "calibration items the block influence is measured on (default: 128)")
	int samples;

	@Option(names = "--threads", defaultValue = "0", description = "PyTorch threads, 0 for all cores")
	int threads;

	@Override
	public Integer call() throws Exception {
		Checkpoint checkpoint = Checkpoint.of(this.run);
		if (!checkpoint.exists()) {
			throw new IllegalArgumentException("no checkpoint in " + this.run);
		}
		Path tokenizer = new DataDirectory(this.data).tokenizer();
		if (!Files.isRegularFile(tokenizer)) {
			throw new IllegalArgumentException("no tokenizer.json in " + this.data);
		}
		Checkpoint.State state = checkpoint.state();
		String model = (this.name != null) ? this.name : state.config().name();
		Architecture arch = state.config().architecture();
		Optional<ElasticLayout> layout = ElasticLayout.read(this.run);
		if (layout.isPresent()) {
			BlockInfluence influence = blockInfluence(state.config(), checkpoint.weights());
			System.out.print(report(influence));
			Map<String, List<LevelSpec>> baselines = Map.of(LayerDrop.LAYERS,
					LayerDrop.layers(arch, influence.layerDropOrder()), LayerDrop.ATTENTION,
					LayerDrop.attention(arch, influence.attentionDropOrder()));
			PackageExport.write(arch, model, checkpoint.weights(), tokenizer, this.out, layout.get().anchorLayers(),
					layout.get().levels(), baselines);
		}
		else {
			PackageExport.write(arch, model, checkpoint.weights(), tokenizer, this.out);
		}
		PackageManifest manifest = ModelPackage.open(this.out).manifest();
		System.out.printf("wrote %s: %s after %s step %d, %d levels%n", this.out, manifest.name(), state.stage(),
				state.step(), manifest.levels().size());
		return 0;
	}

	private BlockInfluence blockInfluence(TrainingConfig config, Path weights) throws java.io.IOException {
		DataDirectory data = new DataDirectory(this.data);
		Torch.engine(this.threads);
		try (Tokenizer tokenizer = Tokenizer.load(data.tokenizer());
				NDManager manager = Torch.newManager();
				Decoder decoder = Decoder.load(config.architecture(), weights, manager)) {
			return BlockInfluence.measure(decoder, Calibration.batches(data, tokenizer, config, this.samples), manager);
		}
	}

	static String report(BlockInfluence influence) {
		StringBuilder text = new StringBuilder("block influence (1 - cos), by layer: whole layer / attention\n");
		for (int l = 0; l < influence.layers().size(); l++) {
			text.append(String.format(Locale.ROOT, "layer %d  %.4f / %.4f%n", l, influence.layers().get(l),
					influence.attention().get(l)));
		}
		text.append("layer-drop order ")
			.append(influence.layerDropOrder())
			.append(", attention-drop order ")
			.append(influence.attentionDropOrder())
			.append('\n');
		return text.toString();
	}

}
