package ai.elms.lab.data;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import ai.elms.lab.Progress;
import ai.elms.lab.corpus.Corpora;
import ai.elms.lab.corpus.CorpusSources;
import ai.elms.lab.data.DataManifest.SourceSize;
import ai.elms.lab.tasks.Split;
import ai.elms.lab.tasks.SplitSizes;
import ai.elms.lab.tasks.Task;
import ai.elms.lab.tasks.TaskItem;
import ai.elms.lab.tasks.TaskSets;

/**
 * Reads the corpora and writes a {@link DataDirectory}: the pre-training corpus, every
 * task set split by split, and the manifest. The same corpora and seed give the same
 * bytes.
 */
public final class DataStep {

	/** Progress steps: 5 sources read, the corpus written, each task built. */
	public static final int STEPS = 6 + Task.values().length;

	private DataStep() {
	}

	public static DataManifest run(CorpusSources sources, DataDirectory out, long seed, SplitSizes sizes,
			Progress progress) throws IOException {
		List<String> missing = sources.missingPackages();
		if (!missing.isEmpty()) {
			throw new IOException("corpora missing under " + sources.root() + ": " + String.join(", ", missing)
					+ " (install them with model-lab/scripts/install-corpora.sh)");
		}
		progress.show("reading corpora");
		Corpora corpora = Corpora.read(sources, progress::step);
		Files.createDirectories(out.root());

		progress.show("pre-training corpus");
		List<Document> documents = PretrainingCorpus.documents(corpora);
		Jsonl.write(out.corpus(), documents);
		Map<String, SourceSize> corpus = new LinkedHashMap<>();
		for (Document document : documents) {
			corpus.merge(document.source(), new SourceSize(1, document.text().length()),
					(a, b) -> new SourceSize(a.documents() + b.documents(), a.chars() + b.chars()));
		}
		progress.step();

		TaskSets taskSets = new TaskSets(corpora, seed);
		Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
		for (Task task : Task.values()) {
			progress.show(task.id());
			List<TaskItem> items = taskSets.build(task, sizes);
			Map<String, Integer> perSplit = new LinkedHashMap<>();
			for (Split split : Split.values()) {
				List<TaskItem> part = items.stream().filter((i) -> i.split() == split).toList();
				Jsonl.write(out.tasks(task, split), part);
				perSplit.put(split.id(), part.size());
			}
			counts.put(task.id(), perSplit);
			progress.step();
		}
		DataManifest manifest = new DataManifest(seed, sizes, corpus, counts, new TreeMap<>(taskSets.slotSizes()));
		Jsonl.JSON.writerWithDefaultPrettyPrinter().writeValue(out.manifest().toFile(), manifest);
		return manifest;
	}

}
