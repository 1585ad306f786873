package ai.elms.lab.corpus;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the corpus packages put their files, below a root: {@code /} on a Debian system,
 * a folder laid out the same way in tests.
 *
 * @param root the file system root the package paths are resolved against
 */
public record CorpusSources(Path root) {

	public static CorpusSources debian() {
		return new CorpusSources(Path.of("/"));
	}

	/** Folder of WordNet's {@code data.*} and {@code index.*} files (wordnet-base). */
	public Path wordnet() {
		return this.root.resolve("usr/share/wordnet");
	}

	/** The compressed King James Bible text (bible-kjv-text). */
	public Path bible() {
		return this.root.resolve("usr/lib/bible.data");
	}

	/** Folder of fortune cookie files (fortunes, fortunes-min). */
	public Path fortunes() {
		return this.root.resolve("usr/share/games/fortunes");
	}

	/** The GCIDE dictd database, without its {@code .index} / {@code .dict.dz} suffix. */
	public Path gcide() {
		return this.root.resolve("usr/share/dictd/gcide");
	}

	/**
	 * The Jargon File dictd database, without its {@code .index} / {@code .dict.dz}
	 * suffix.
	 */
	public Path jargon() {
		return this.root.resolve("usr/share/dictd/jargon");
	}

	/** The packages whose files are missing, empty when every corpus is installed. */
	public List<String> missingPackages() {
		List<String> missing = new ArrayList<>();
		check(missing, "wordnet-base", wordnet().resolve("data.noun"));
		check(missing, "bible-kjv-text", bible());
		check(missing, "fortunes-min", fortunes().resolve("fortunes"));
		check(missing, "fortunes", fortunes().resolve("wisdom"));
		check(missing, "dict-gcide", DictdDatabase.indexFile(gcide()));
		check(missing, "dict-jargon", DictdDatabase.indexFile(jargon()));
		return missing;
	}

	private static void check(List<String> missing, String pkg, Path file) {
		if (!Files.isRegularFile(file)) {
			missing.add(pkg);
		}
	}

}
