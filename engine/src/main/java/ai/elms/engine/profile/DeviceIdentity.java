package ai.elms.engine.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The device a profile was measured on. Latency depends on the CPU and the cores it may
 * use, so a profile is only reused on the same model of CPU with the same core count.
 *
 * @param cpuModel the CPU model as the operating system names it
 * @param cores logical cores available to the JVM
 */
public record DeviceIdentity(@JsonProperty("cpu_model") String cpuModel, @JsonProperty("cores") int cores) {

	private static final Path CPUINFO = Path.of("/proc/cpuinfo");

	/** This machine, read from {@code /proc/cpuinfo} where there is one. */
	public static DeviceIdentity current() {
		return new DeviceIdentity(cpuModel(CPUINFO), Runtime.getRuntime().availableProcessors());
	}

	static String cpuModel(Path cpuinfo) {
		try {
			if (Files.isReadable(cpuinfo)) {
				String model = modelFromCpuinfo(Files.readAllLines(cpuinfo));
				if (model != null) {
					return model;
				}
			}
		}
		catch (IOException ex) {
			// fall back to what the JVM knows
		}
		return System.getProperty("os.name") + " " + System.getProperty("os.arch");
	}

	/**
	 * The first of the fields that x86 ({@code model name}) and ARM kernels use to name
	 * the CPU.
	 */
	static String modelFromCpuinfo(List<String> lines) {
		for (String field : List.of("model name", "hardware", "cpu model", "processor")) {
			for (String line : lines) {
				int colon = line.indexOf(':');
				if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals(field)) {
					String value = line.substring(colon + 1).trim();
					if (!value.isEmpty() && !value.chars().allMatch(Character::isDigit)) {
						return value;
					}
				}
			}
		}
		return null;
	}

}
