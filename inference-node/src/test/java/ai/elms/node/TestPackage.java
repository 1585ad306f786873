package ai.elms.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import ai.elms.engine.TinyModel;
import ai.elms.engine.pack.PackageGenerator;
import ai.elms.engine.pack.PackageShape;
import ai.elms.engine.tlm.SloBuckets;
import ai.elms.engine.tlm.TinyModelConfig;

/**
 * The package the HTTP tests serve: the tiny shape with a longer context, so that a
 * request can generate thousands of tokens (long enough to cancel it, or to fill the
 * queue behind it), and a tiny model; generated once per test JVM into a temporary
 * folder.
 */
public final class TestPackage {

	public static final PackageShape SHAPE = new PackageShape("elms-test", PackageShape.TINY.hiddenSize(),
			PackageShape.TINY.layers(), PackageShape.TINY.heads(), PackageShape.TINY.kvHeads(),
			PackageShape.TINY.headDim(), PackageShape.TINY.ffnSize(), PackageShape.TINY.vocabSize(), 4096,
			PackageShape.TINY.tieEmbeddings());

	/**
	 * The package's tiny model: random weights, so its proposals and keep scores are
	 * arbitrary but deterministic.
	 */
	public static final TinyModelConfig TINY_MODEL = new TinyModelConfig(16, 2, 1, 1, 32, SHAPE.vocabSize(),
			SHAPE.contextLength(), SloBuckets.COUNT, List.of(1.0, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1), 9,
			1e-5);

	/**
	 * A raw prompt that the greedy test package continues up to the context length at
	 * every level.
	 */
	public static final String ENDLESS_PROMPT = "Once upon a time";

	private static Path root;

	private TestPackage() {
	}

	/** The package folder. */
	public static synchronized Path directory() {
		return root().resolve("package");
	}

	/**
	 * A smaller package with the same tokenizer: the off-the-shelf model of the tests.
	 */
	public static synchronized Path smallDirectory() {
		return root().resolve("small");
	}

	/**
	 * The caches (unpacked packages, profiles) of the nodes under test: they share
	 * measured profiles.
	 */
	public static synchronized Path cacheDirectory() {
		return root().resolve("cache");
	}

	/** A cache folder of its own, for a node that must measure its profile. */
	public static synchronized Path newCacheDirectory() {
		try {
			return Files.createTempDirectory(root(), "cache-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Path root() {
		if (root == null) {
			try {
				root = Files.createTempDirectory("elms-node-test");
				PackageGenerator.generate(root.resolve("package"), SHAPE, 7);
				TinyModel.write(root.resolve("package"), TINY_MODEL, TINY_MODEL.randomWeights(7));
				PackageGenerator.generate(root.resolve("small"), new PackageShape("elms-test-small", 32, 1, 2, 1, 16,
						64, SHAPE.vocabSize(), SHAPE.contextLength(), true), 8);
				Runtime.getRuntime().addShutdownHook(new Thread(TestPackage::delete));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return root;
	}

	private static void delete() {
		try (Stream<Path> files = Files.walk(root)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary folder left behind is harmless
		}
	}

}
