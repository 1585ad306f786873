package ai.elms.lab.data;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

/** JSON Lines: one JSON object a line, UTF-8, each line ending in a newline. */
public final class Jsonl {

	public static final JsonMapper JSON = JsonMapper.builder().build();

	private Jsonl() {
	}

	public static void write(Path file, List<?> records) throws IOException {
		Files.createDirectories(file.toAbsolutePath().getParent());
		try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
			for (Object record : records) {
				out.write(JSON.writeValueAsString(record));
				out.write('\n');
			}
		}
	}

	public static <T> List<T> read(Path file, Class<T> type) throws IOException {
		List<T> records = new ArrayList<>();
		try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
			for (String line = in.readLine(); line != null; line = in.readLine()) {
				if (!line.isBlank()) {
					records.add(JSON.readValue(line, type));
				}
			}
		}
		return records;
	}

}
