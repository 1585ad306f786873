package ai.elms.lab.corpus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Fortune cookie files as the fortunes packages install them: plain text, one fortune
 * after another, each closed by a line holding only {@code %}. The {@code .dat} index
 * files and the {@code .u8} links beside them are skipped.
 */
public final class FortuneFiles {

	private FortuneFiles() {
	}

	/** One fortune and the collection (file) it comes from. */
	public record Fortune(String collection, String text) {
	}

	/** Every fortune of every collection in the folder, collections in name order. */
	public static List<Fortune> read(Path dir) throws IOException {
		List<Path> files;
		try (Stream<Path> list = Files.list(dir)) {
			files = list.filter((f) -> Files.isRegularFile(f) && !Files.isSymbolicLink(f))
				.filter((f) -> !f.getFileName().toString().contains("."))
				.sorted()
				.toList();
		}
		List<Fortune> fortunes = new ArrayList<>();
		for (Path file : files) {
			String collection = file.getFileName().toString();
			String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
			for (String fortune : text.split("(?m)^%\\s*$")) {
				String trimmed = fortune.strip();
				if (!trimmed.isEmpty()) {
					fortunes.add(new Fortune(collection, trimmed));
				}
			}
		}
		return fortunes;
	}

}
