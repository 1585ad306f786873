package ai.elms.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * What the numbers were measured on, printed above them.
 *
 * @param cores processors the JVM sees ({@code nproc})
 * @param cpuModel the first "model name" of {@code /proc/cpuinfo}
 * @param memoryGib total memory
 */
record Machine(int cores, String cpuModel, double memoryGib) {

	static Machine current() {
		return new Machine(Runtime.getRuntime().availableProcessors(), procField("/proc/cpuinfo", "model name"),
				kb(procField("/proc/meminfo", "MemTotal")) / (1024.0 * 1024.0));
	}

	String describe() {
		return String.format(java.util.Locale.ROOT, "%s UTC, nproc %d, CPU %s, memory %.1f GiB, Java %s %s",
				OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).toLocalDateTime(), this.cores,
				this.cpuModel, this.memoryGib, System.getProperty("java.vm.name"), System.getProperty("java.version"));
	}

	private static String procField(String file, String name) {
		try {
			for (String line : Files.readAllLines(Path.of(file))) {
				int colon = line.indexOf(':');
				if (colon > 0 && line.substring(0, colon).trim().equals(name)) {
					return line.substring(colon + 1).trim();
				}
			}
		}
		catch (IOException ex) {
			// not Linux: say so in the header instead of failing the benchmark
		}
		return "unknown";
	}

	private static long kb(String value) {
		try {
			return Long.parseLong(value.replace("kB", "").trim());
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

}
