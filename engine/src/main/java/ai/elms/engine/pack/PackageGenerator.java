package ai.elms.engine.pack;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import ai.elms.engine.text.ByteLevelVocabulary;

/**
 * Writes a package of any shape with random weights: the same format as a trained
 * package, for tests (tiny shapes) and benchmarks (realistic shapes). Deterministic for a
 * seed.
 */
public final class PackageGenerator {

	private static final float INIT_STD = 0.02f;

	private PackageGenerator() {
	}

	public static void generate(Path outDir, PackageShape shape, long seed) throws IOException {
		Architecture arch = shape.architecture();
		Files.createDirectories(outDir);
		List<Integer> anchors = anchors(arch.layers());
		List<Integer> dropOrder = dropOrder(arch.layers(), anchors);
		// in a fixed order, so that the same seed writes the same manifest
		Map<String, List<LevelSpec>> baselines = new LinkedHashMap<>();
		baselines.put(LayerDrop.LAYERS, LayerDrop.layers(arch, dropOrder));
		baselines.put(LayerDrop.ATTENTION, LayerDrop.attention(arch, dropOrder));
		if (arch.layers() > 1) {
			baselines.put(LayerCollapse.LADDER, LayerCollapse.ladder(arch, List.of(lastMerge(arch.layers()))));
		}
		PackageManifest manifest = new PackageManifest(PackageManifest.FORMAT, shape.name(), arch, anchors,
				LevelSchedule.uniform(arch, anchors, LevelSchedule.SHARES), "tokenizer.json", "weights.safetensors",
				ChatTemplate.DEFAULT, List.of(ChatTemplate.DEFAULT_END), baselines);
		ByteLevelVocabulary.filled(ChatTemplate.DEFAULT_SPECIAL_TOKENS, arch.vocabSize())
			.write(outDir.resolve(manifest.tokenizer()));
		SafeTensors.write(outDir.resolve(manifest.weights()), tensors(arch, seed));
		ModelPackage.writeManifest(outDir, manifest);
	}

	/**
	 * Random weights say nothing of a layer's influence: the layer-drop baselines drop
	 * the last layers that are not anchors first, keeping at least one layer.
	 */
	static List<Integer> dropOrder(int layers, List<Integer> anchors) {
		List<Integer> order = new ArrayList<>();
		for (int l = layers - 1; l >= 0 && order.size() < layers - 1; l--) {
			if (!anchors.contains(l)) {
				order.add(l);
			}
		}
		return order;
	}

	/**
	 * Random weights say nothing of similarity: the layer-collapse baseline merges the
	 * last three layers.
	 */
	static LayerCollapse.Merge lastMerge(int layers) {
		int first = Math.max(0, layers - 3);
		return new LayerCollapse.Merge(first, layers - 1 - first);
	}

	/**
	 * About one layer in twelve stays whole, first and last layers first, as the
	 * artifact's 6 of 32.
	 */
	static List<Integer> anchors(int layers) {
		long count = Math.round(layers / 12.0);
		return (count == 0) ? List.of() : (count == 1) ? List.of(0) : List.of(0, layers - 1);
	}

	private static List<SafeTensors.Entry> tensors(Architecture arch, long seed) {
		SplittableRandom root = new SplittableRandom(seed);
		int d = arch.hiddenSize();
		long q = (long) arch.heads() * arch.headDim();
		long kv = (long) arch.kvHeads() * arch.headDim();
		List<SafeTensors.Entry> tensors = new ArrayList<>();
		tensors.add(random(WeightNames.EMBED, root.split(), arch.vocabSize(), d));
		for (int l = 0; l < arch.layers(); l++) {
			tensors.add(ones(WeightNames.attnNorm(l), d));
			tensors.add(random(WeightNames.q(l), root.split(), q, d));
			tensors.add(random(WeightNames.k(l), root.split(), kv, d));
			tensors.add(random(WeightNames.v(l), root.split(), kv, d));
			tensors.add(random(WeightNames.oTransposed(l), root.split(), q, d));
			tensors.add(ones(WeightNames.ffnNorm(l), d));
			tensors.add(random(WeightNames.gate(l), root.split(), arch.ffnSize(), d));
			tensors.add(random(WeightNames.up(l), root.split(), arch.ffnSize(), d));
			tensors.add(random(WeightNames.downTransposed(l), root.split(), arch.ffnSize(), d));
		}
		tensors.add(ones(WeightNames.FINAL_NORM, d));
		if (!arch.tieEmbeddings()) {
			tensors.add(random(WeightNames.LM_HEAD, root.split(), arch.vocabSize(), d));
		}
		return tensors;
	}

	private static SafeTensors.Entry random(String name, SplittableRandom random, long rows, long columns) {
		return new SafeTensors.Entry(name, new long[] { rows, columns }, () -> {
			float[] values = new float[Math.toIntExact(rows * columns)];
			for (int i = 0; i < values.length; i++) {
				values[i] = (float) random.nextGaussian() * INIT_STD;
			}
			return FloatBuffer.wrap(values);
		});
	}

	private static SafeTensors.Entry ones(String name, int size) {
		return new SafeTensors.Entry(name, new long[] { size }, () -> {
			float[] values = new float[size];
			Arrays.fill(values, 1f);
			return FloatBuffer.wrap(values);
		});
	}

	/** {@code --out DIR [--shape tiny|default|realistic] [--seed N]} */
	public static void main(String[] args) throws IOException {
		Path out = null;
		PackageShape shape = PackageShape.DEFAULT;
		long seed = 42;
		for (int i = 0; i + 1 < args.length; i += 2) {
			switch (args[i]) {
				case "--out" -> out = Path.of(args[i + 1]);
				case "--shape" -> shape = PackageShape.named(args[i + 1]);
				case "--seed" -> seed = Long.parseLong(args[i + 1]);
				default -> throw new IllegalArgumentException("unknown option " + args[i]);
			}
		}
		if (out == null) {
			System.err.println("usage: PackageGenerator --out DIR [--shape tiny|default|realistic] [--seed N]");
			System.exit(2);
		}
		generate(out, shape, seed);
		System.out.println("wrote " + shape.name() + " to " + out);
	}

}
