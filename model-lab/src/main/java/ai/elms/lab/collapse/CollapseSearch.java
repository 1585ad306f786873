package ai.elms.lab.collapse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import ai.elms.engine.ChatMessage;
import ai.elms.engine.ElasticEngine;
import ai.elms.engine.EngineOptions;
import ai.elms.engine.pack.Architecture;
import ai.elms.engine.pack.LayerCollapse;
import ai.elms.engine.pack.ModelPackage;
import ai.elms.engine.pack.PackageManifest;
import ai.elms.lab.tasks.TaskItem;

/**
 * LaCo's search on a package: merges of {@code window} consecutive layers, one at a time,
 * each the candidate whose merged model stays closest to the full model (the mean cosine
 * similarity of the next-token logits after each calibration prompt, a linear map of
 * LaCo's last hidden state), until no run of untouched layers is left or the best falls
 * below the threshold.
 */
final class CollapseSearch {

	/** The name a candidate's one-level ladder gets in its scratch manifest. */
	private static final String CANDIDATE = "candidate";

	private final Path packageDir;

	private final PackageManifest manifest;

	private final List<int[]> prompts;

	private final List<float[]> reference;

	private final int threads;

	private CollapseSearch(Path packageDir, PackageManifest manifest, List<int[]> prompts, List<float[]> reference,
			int threads) {
		this.packageDir = packageDir;
		this.manifest = manifest;
		this.prompts = prompts;
		this.reference = reference;
		this.threads = threads;
	}

	/** Renders the items' prompts and runs them through the full model once. */
	static CollapseSearch prepare(Path packageDir, List<TaskItem> items, int threads) throws IOException {
		try (ElasticEngine full = ElasticEngine.open(packageDir,
				EngineOptions.DEFAULTS.withThreads(threads).withLevels(List.of(1.0)))) {
			List<int[]> prompts = new ArrayList<>();
			for (TaskItem item : items) {
				int[] prompt = full.encode(full.renderChat(
						List.of(new ChatMessage("system", item.system()), new ChatMessage("user", item.user()))));
				if (prompt.length < full.contextLength()) {
					prompts.add(prompt);
				}
			}
			if (prompts.isEmpty()) {
				throw new IllegalArgumentException("no calibration prompt fits the context");
			}
			return new CollapseSearch(packageDir, full.manifest(), List.copyOf(prompts), logits(full, prompts),
					threads);
		}
	}

	/** A merge taken and how close its model stayed to the full one. */
	record Step(LayerCollapse.Merge merge, double similarity, Map<LayerCollapse.Merge, Double> candidates) {
	}

	/**
	 * The merges in the order taken.
	 * @param window layers merged into one (LaCo's C; 2 is a plain layer drop)
	 * @param lowest the lowest layer a merge may start at (LaCo's H)
	 * @param threshold the least similarity a merge must keep (LaCo's T)
	 */
	List<Step> run(int window, int lowest, double threshold, Consumer<Step> onStep) throws IOException {
		Architecture arch = this.manifest.architecture();
		if (window < 2 || window > arch.layers()) {
			throw new IllegalArgumentException("--window must be from 2 to the " + arch.layers() + " layers");
		}
		List<LayerCollapse.Merge> taken = new ArrayList<>();
		List<Step> steps = new ArrayList<>();
		while (true) {
			Map<LayerCollapse.Merge, Double> candidates = new LinkedHashMap<>();
			for (int first = Math.max(0, lowest); first + window <= arch.layers(); first++) {
				LayerCollapse.Merge merge = new LayerCollapse.Merge(first, window - 1);
				if (taken.stream().noneMatch(merge::overlaps)) {
					List<LayerCollapse.Merge> with = new ArrayList<>(taken);
					with.add(merge);
					candidates.put(merge, similarity(with));
				}
			}
			Map.Entry<LayerCollapse.Merge, Double> best = candidates.entrySet()
				.stream()
				.max(Map.Entry.comparingByValue())
				.orElse(null);
			if (best == null || best.getValue() < threshold) {
				return List.copyOf(steps);
			}
			taken.add(best.getKey());
			Step step = new Step(best.getKey(), best.getValue(), Map.copyOf(candidates));
			steps.add(step);
			onStep.accept(step);
		}
	}

	/** Mean cosine similarity of the merged model's logits to the full model's. */
	double similarity(List<LayerCollapse.Merge> merges) throws IOException {
		Path scratch = Files.createTempDirectory("elms-collapse");
		try {
			PackageManifest candidate = new PackageManifest(this.manifest.format(), this.manifest.name(),
					this.manifest.architecture(), this.manifest.anchorLayers(), this.manifest.levels(),
					this.packageDir.resolve(this.manifest.tokenizer()).toAbsolutePath().toString(),
					this.packageDir.resolve(this.manifest.weights()).toAbsolutePath().toString(),
					this.manifest.chatTemplate(), this.manifest.eosTokens(),
					Map.of(CANDIDATE, List.of(LayerCollapse.level(this.manifest.architecture(), merges))));
			ModelPackage.writeManifest(scratch, candidate);
			try (ElasticEngine merged = ElasticEngine.open(scratch,
					EngineOptions.DEFAULTS.withThreads(this.threads).withLadder(CANDIDATE))) {
				List<float[]> logits = logits(merged, this.prompts);
				double sum = 0;
				for (int i = 0; i < logits.size(); i++) {
					sum += cosine(logits.get(i), this.reference.get(i));
				}
				return sum / logits.size();
			}
		}
		finally {
			Files.deleteIfExists(scratch.resolve(ModelPackage.MANIFEST));
			Files.deleteIfExists(scratch);
		}
	}

	private static List<float[]> logits(ElasticEngine engine, List<int[]> prompts) {
		List<float[]> logits = new ArrayList<>();
		for (int[] prompt : prompts) {
			logits.add(engine.withPrompt(prompt, 0, (prefilled) -> prefilled.logits()));
		}
		return logits;
	}

	static double cosine(float[] a, float[] b) {
		double dot = 0;
		double normA = 0;
		double normB = 0;
		for (int i = 0; i < a.length; i++) {
			dot += (double) a[i] * b[i];
			normA += (double) a[i] * a[i];
			normB += (double) b[i] * b[i];
		}
		return dot / Math.sqrt(normA * normB);
	}

}
