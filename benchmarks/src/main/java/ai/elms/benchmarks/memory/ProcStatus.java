package ai.elms.benchmarks.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The memory lines of {@code /proc/self/status}, in kB.
 *
 * @param vmRssKb resident set now
 * @param vmHwmKb peak resident set ("high water mark")
 * @param rssAnonKb resident anonymous memory (heap, native allocations)
 * @param rssFileKb resident file-backed memory (the mapped weights, libraries)
 */
record ProcStatus(long vmRssKb, long vmHwmKb, long rssAnonKb, long rssFileKb) {

	static ProcStatus self() throws IOException {
		Map<String, Long> fields = new LinkedHashMap<>();
		for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
			int colon = line.indexOf(':');
			if (colon > 0 && line.endsWith(" kB")) {
				fields.put(line.substring(0, colon),
						Long.parseLong(line.substring(colon + 1, line.length() - 3).trim()));
			}
		}
		return new ProcStatus(fields.getOrDefault("VmRSS", -1L), fields.getOrDefault("VmHWM", -1L),
				fields.getOrDefault("RssAnon", -1L), fields.getOrDefault("RssFile", -1L));
	}

}
