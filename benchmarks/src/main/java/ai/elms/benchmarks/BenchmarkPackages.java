package ai.elms.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import ai.elms.engine.pack.Architecture;
import ai.elms.engine.pack.LevelSchedule;
import ai.elms.engine.pack.ModelPackage;
import ai.elms.engine.pack.PackageGenerator;
import ai.elms.engine.pack.PackageManifest;
import ai.elms.engine.pack.PackageShape;
import ai.elms.engine.pack.SafeTensors;
import ai.elms.engine.text.ByteLevelVocabulary;

/**
 * The packages the benchmarks measure. A generated shape is written once under the cache
 * folder and reused, since the realistic one is about 2 GB. The folder is named by shape,
 * seed and a hash of the generator's code, so a package from an older generator (other
 * anchors, another level schedule) is never measured by mistake.
 */
public final class BenchmarkPackages {

	/** The engine classes that decide what a generated package holds. */
	private static final List<Class<?>> GENERATOR = List.of(PackageGenerator.class, PackageShape.class,
			PackageManifest.class, LevelSchedule.class, Architecture.class, SafeTensors.class,
			ByteLevelVocabulary.class);

	private BenchmarkPackages() {
	}

	/**
	 * The package to measure: {@code --package} as given, else the generated shape from
	 * the cache, generated first if missing.
	 */
	public static Path resolve(BenchmarkOptions options, PrintStream log) throws IOException {
		if (options.packageDir() != null) {
			return options.packageDir();
		}
		PackageShape shape = PackageShape.named(options.shape());
		String prefix = options.shape() + "-seed" + options.seed() + "-";
		Path dir = options.packagesDir().resolve(prefix + generatorFingerprint());
		// the generator writes the manifest last: a package without one was interrupted
		if (!Files.isRegularFile(dir.resolve(ModelPackage.MANIFEST))) {
			removeStale(options.packagesDir(), prefix, dir);
			log.println("generating the " + options.shape() + " package into " + dir + " ...");
			long start = System.nanoTime();
			PackageGenerator.generate(dir, shape, options.seed());
			log.printf("generated in %.1f s%n", (System.nanoTime() - start) / 1e9);
		}
		return dir;
	}

	/**
	 * {@code packages/} beside the folder or jar the benchmarks run from, so
	 * {@code benchmarks/target/packages} whatever the working directory.
	 */
	static Path defaultCache() {
		try {
			Path location = Path
				.of(BenchmarkPackages.class.getProtectionDomain().getCodeSource().getLocation().toURI());
			return location.toAbsolutePath().getParent().resolve("packages");
		}
		catch (URISyntaxException | SecurityException | NullPointerException ex) {
			return Path.of("benchmarks", "target", "packages");
		}
	}

	private static String generatorFingerprint() throws IOException {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			for (Class<?> type : GENERATOR) {
				try (InputStream bytes = type.getResourceAsStream(type.getSimpleName() + ".class")) {
					if (bytes == null) {
						throw new IOException("cannot read the class file of " + type.getName());
					}
					digest.update(bytes.readAllBytes());
				}
			}
			return HexFormat.of().formatHex(digest.digest()).substring(0, 12);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Packages of the same shape and seed from another generator: up to 2 GB each. */
	private static void removeStale(Path cache, String prefix, Path keep) throws IOException {
		if (!Files.isDirectory(cache)) {
			return;
		}
		try (Stream<Path> entries = Files.list(cache)) {
			for (Path stale : entries.filter((entry) -> entry.getFileName().toString().startsWith(prefix))
				.filter((entry) -> !entry.equals(keep))
				.toList()) {
				try (Stream<Path> files = Files.walk(stale)) {
					files.sorted(Comparator.reverseOrder()).forEach(BenchmarkPackages::delete);
				}
			}
		}
	}

	private static void delete(Path file) {
		try {
			Files.delete(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
