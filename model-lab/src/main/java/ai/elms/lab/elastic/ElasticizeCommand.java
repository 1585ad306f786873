package ai.elms.lab.elastic;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import ai.djl.ndarray.NDManager;
import ai.elms.engine.pack.Architecture;
import ai.elms.engine.text.Tokenizer;
import ai.elms.lab.data.DataDirectory;
import ai.elms.lab.model.Decoder;
import ai.elms.lab.model.Torch;
import ai.elms.lab.tasks.Split;
import ai.elms.lab.tasks.Task;
import ai.elms.lab.tasks.TaskItem;
import ai.elms.lab.training.ChatRows;
import ai.elms.lab.training.Checkpoint;
import ai.elms.lab.training.TokenBatch;
import ai.elms.lab.training.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code model-lab elasticize}: a tuned run's decoder reordered most important unit
 * first, with its anchor layers and nine levels, as a new run that {@code export}
 * packages.
 */
@Command(name = "elasticize", mixinStandardHelpOptions = true,
		description = "Rank each layer's KV groups and FFN neurons on the calibration split, choose anchor layers by "
				+ "loss on removal, reorder the units most important first and cut the nine levels 20% ... 100%.")
public final class ElasticizeCommand implements Callable<Integer> {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Option(names = "--run", required = true, description = "run folder of tune (or pretrain) to elasticize")
	Path run;

	@Option(names = "--data", required = true, description = "data directory with task sets and tokenizer.json")
	Path data;

	@Option(names = "--out", required = true, description = "run folder to write: checkpoint/, elastic.json")
	Path out;

	@Option(names = "--order", defaultValue = "taylor", description = "taylor, magnitude or random (default: taylor)")
	String order;

	@Option(names = "--samples", defaultValue = "128",
			description = "calibration items, spread over the tasks (default: 128)")
	int samples;

	@Option(names = "--anchors", description = "anchor layers (default: about one in twelve, at least 1 from 4 on)")
	Integer anchors;

	@Option(names = "--threads", defaultValue = "0", description = "PyTorch threads, 0 for all cores")
	int threads;

	@Override
	public Integer call() throws Exception {
		Checkpoint start = Checkpoint.of(this.run);
		if (!start.exists()) {
			throw new IllegalArgumentException("no checkpoint in " + this.run);
		}
		if (Checkpoint.of(this.out).exists()) {
			throw new IllegalArgumentException(this.out + " has a checkpoint: choose another --out");
		}
		UnitOrder unitOrder;
		try {
			unitOrder = UnitOrder.valueOf(this.order.toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("--order must be taylor, magnitude or random, not '" + this.order + "'");
		}
		Checkpoint.State state = start.state();
		TrainingConfig config = state.config();
		if (config.tune() == null) {
			throw new IllegalArgumentException("the run's config has no tune settings to lay out chat rows");
		}
		Architecture arch = config.architecture();
		int anchorCount = (this.anchors != null) ? this.anchors : AnchorLayers.defaultCount(arch.layers());
		DataDirectory data = new DataDirectory(this.data);
		Torch.engine(this.threads);
		try (Tokenizer tokenizer = Tokenizer.load(data.tokenizer());
				NDManager manager = Torch.newManager();
				Decoder decoder = Decoder.load(arch, start.weights(), manager)) {
			List<TokenBatch> calibration = Calibration.batches(data, tokenizer, config, this.samples);
			ElasticLayout layout = Elastification.apply(decoder, calibration, unitOrder, anchorCount, config.seed(),
					manager);
			Path checkpoint = Checkpoint.of(this.out).dir();
			Files.createDirectories(checkpoint);
			decoder.write(Checkpoint.of(this.out).weights());
			JSON.writerWithDefaultPrettyPrinter()
				.writeValue(checkpoint.resolve("state.json").toFile(),
						new Checkpoint.State("elastic", state.step(), config));
			JSON.writerWithDefaultPrettyPrinter().writeValue(this.out.resolve("config.json").toFile(), config);
			layout.write(this.out);
			System.out.print(report(layout));
		}
		return 0;
	}

	static String report(ElasticLayout layout) {
		StringBuilder text = new StringBuilder();
		text.append(String.format(Locale.ROOT, "order %s, anchor layers %s, reordered logits differ by at most %.2e%n",
				layout.order().name().toLowerCase(Locale.ROOT), layout.anchorLayers(), layout.maxLogitDifference()));
		for (int i = 0; i < layout.levels().size(); i++) {
			text.append(String.format(Locale.ROOT, "level %.1f  calibration loss %.4f%n",
					layout.levels().get(i).share(), layout.levelLoss().get(i)));
		}
		return text.toString();
	}

}
