package ai.elms.lab.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import ai.elms.engine.pack.Architecture;
import ai.elms.engine.pack.LevelSchedule;
import ai.elms.engine.pack.LevelSpec;
import ai.elms.engine.pack.ModelPackage;
import ai.elms.engine.pack.PackageManifest;
import ai.elms.lab.tokenizer.ChatFormat;

/**
 * Writes a package folder: {@code manifest.json}, {@code tokenizer.json},
 * {@code weights.safetensors}. A checkpoint's weights file already is in the package's
 * format (the decoder keeps the package's names and layout), so it is copied. A run that
 * {@code elasticize} wrote brings its anchor layers and levels; any other run gets the
 * engine's uniform schedule over the units as trained, with no anchor layer.
 */
public final class PackageExport {

	static final String TOKENIZER = "tokenizer.json";

	static final String WEIGHTS = "weights.safetensors";

	private PackageExport() {
	}

	public static PackageManifest write(Architecture arch, String name, Path weights, Path tokenizer, Path outDir)
			throws IOException {
		List<Integer> anchors = List.of();
		return write(arch, name, weights, tokenizer, outDir, anchors,
				LevelSchedule.uniform(arch, anchors, LevelSchedule.SHARES));
	}

	/** A package with the anchors and levels of an elasticized run. */
	public static PackageManifest write(Architecture arch, String name, Path weights, Path tokenizer, Path outDir,
			List<Integer> anchors, List<LevelSpec> levels) throws IOException {
		return write(arch, name, weights, tokenizer, outDir, anchors, levels, Map.of());
	}

	/**
	 * A package with the anchors and levels of an elasticized run and ladders of
	 * baselines, by name.
	 */
	public static PackageManifest write(Architecture arch, String name, Path weights, Path tokenizer, Path outDir,
			List<Integer> anchors, List<LevelSpec> levels, Map<String, List<LevelSpec>> baselines) throws IOException {
		PackageManifest manifest = new PackageManifest(PackageManifest.FORMAT, name, arch, anchors, levels, TOKENIZER,
				WEIGHTS, ChatFormat.TEMPLATE, ChatFormat.EOS_TOKENS, new TreeMap<>(baselines));
		Files.createDirectories(outDir);
		Files.copy(tokenizer, outDir.resolve(TOKENIZER), StandardCopyOption.REPLACE_EXISTING);
		Path partial = outDir.resolve(WEIGHTS + ".partial");
		Files.copy(weights, partial, StandardCopyOption.REPLACE_EXISTING);
		Files.move(partial, outDir.resolve(WEIGHTS), StandardCopyOption.REPLACE_EXISTING,
				StandardCopyOption.ATOMIC_MOVE);
		ModelPackage.writeManifest(outDir, manifest);
		return manifest;
	}

}
