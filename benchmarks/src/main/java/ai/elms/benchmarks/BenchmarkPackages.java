package ai.elms.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import ai.elms.engine.pack.ModelPackage;
import ai.elms.engine.pack.PackageGenerator;
import ai.elms.engine.pack.PackageShape;

/**
 * The packages the benchmarks measure. A generated shape is written once under the cache
 * folder and reused, since the realistic one is about 2 GB.
 */
public final class BenchmarkPackages {

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
		Path dir = options.packagesDir().resolve(options.shape() + "-seed" + options.seed());
		// the generator writes the manifest last: a package without one was interrupted
		if (!Files.isRegularFile(dir.resolve(ModelPackage.MANIFEST))) {
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

}
