package ai.elms.lab.export;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

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
 * serves.
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
			PackageExport.write(arch, model, checkpoint.weights(), tokenizer, this.out, layout.get().anchorLayers(),
					layout.get().levels());
		}
		else {
			PackageExport.write(arch, model, checkpoint.weights(), tokenizer, this.out);
		}
		PackageManifest manifest = ModelPackage.open(this.out).manifest();
		System.out.printf("wrote %s: %s after %s step %d, %d levels%n", this.out, manifest.name(), state.stage(),
				state.step(), manifest.levels().size());
		return 0;
	}

}
