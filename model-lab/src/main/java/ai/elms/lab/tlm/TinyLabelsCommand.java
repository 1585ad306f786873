package ai.elms.lab.tlm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import ai.djl.ndarray.NDManager;
import ai.elms.engine.orchestration.PromptParts;
import ai.elms.engine.pack.ModelPackage;
import ai.elms.engine.text.Tokenizer;
import ai.elms.lab.Progress;
import ai.elms.lab.data.DataDirectory;
import ai.elms.lab.data.Jsonl;
import ai.elms.lab.model.Decoder;
import ai.elms.lab.model.Torch;
import ai.elms.lab.tasks.TaskItem;
import ai.elms.lab.tokenizer.ChatFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code model-lab tlm-labels}: the score head's keep labels, induced from a package's
 * LLM: the saliency of every system token for the item's gold answer.
 */
@Command(name = "tlm-labels", mixinStandardHelpOptions = true,
		description = "Induce the tiny model's keep labels from a package's LLM: the saliency (gradient times input) "
				+ "of each system-prompt token for the gold answer, on the first items of each task of a split.")
public final class TinyLabelsCommand implements Callable<Integer> {

	static final String FILE = "keep-labels.jsonl";

	@Option(names = "--package", required = true, description = "the elastic package whose full model labels")
	Path packageDir;

	@Option(names = "--data", required = true, description = "data directory with the task sets")
	Path data;

	@Option(names = "--out", required = true, description = "folder to write " + FILE + " to")
	Path out;

	@Option(names = "--split", defaultValue = "train", description = "split to label (default: train)")
	String split;

	@Option(names = "--items", defaultValue = "250", description = "first items of each task (default: 250)")
	int items;

	@Option(names = "--threads", defaultValue = "0", description = "PyTorch threads, 0 for all cores")
	int threads;

	@Override
	public Integer call() throws Exception {
		ModelPackage pack = ModelPackage.open(this.packageDir);
		List<TaskItem> items = new DataDirectory(this.data).itemsToFit(this.split, this.items);
		Torch.engine(this.threads);
		List<KeepLabel> labels = new ArrayList<>();
		try (Tokenizer tokenizer = Tokenizer.load(pack.tokenizerFile());
				NDManager manager = Torch.newManager();
				Decoder decoder = Decoder.load(pack.manifest().architecture(),
						pack.dir().resolve(pack.manifest().weights()), manager);
				Progress progress = Progress.bar("tlm-labels", items.size())) {
			int end = tokenizer.tokenId(ChatFormat.END);
			for (TaskItem item : items) {
				PromptParts prompt = PromptTokens.of(tokenizer, item);
				int[] answer = tokenizer.encode(pack.manifest().chatTemplate().answer(item.answerText()));
				answer = Arrays.copyOf(answer, answer.length + 1);
				answer[answer.length - 1] = end;
				float[] saliency = Saliency.of(decoder, prompt.tokens(), answer, manager);
				labels.add(new KeepLabel(item.id(), item.task(), prompt.system(), prompt.user(),
						Arrays.copyOfRange(saliency, prompt.systemStart(), prompt.systemEnd())));
				progress.step();
			}
		}
		Files.createDirectories(this.out);
		Jsonl.write(this.out.resolve(FILE), labels);
		System.out.printf("wrote %d keep labels to %s%n", labels.size(), this.out.resolve(FILE));
		return 0;
	}

}
