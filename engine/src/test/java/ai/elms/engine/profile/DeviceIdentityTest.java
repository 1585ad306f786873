package ai.elms.engine.profile;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceIdentityTest {

	@Test
	void readsModelNameOfX86Cpuinfo() {
		List<String> lines = List.of("processor\t: 0", "vendor_id\t: GenuineIntel",
				"model name\t: Intel(R) Xeon(R) CPU @ 2.20GHz", "cpu cores\t: 1");
		assertThat(DeviceIdentity.modelFromCpuinfo(lines)).isEqualTo("Intel(R) Xeon(R) CPU @ 2.20GHz");
	}

	@Test
	void readsHardwareOfArmCpuinfo() {
		List<String> lines = List.of("processor\t: 0", "BogoMIPS\t: 38.40", "CPU part\t: 0xd46",
				"Hardware\t: Qualcomm Technologies, Inc SM8650");
		assertThat(DeviceIdentity.modelFromCpuinfo(lines)).isEqualTo("Qualcomm Technologies, Inc SM8650");
	}

	@Test
	void fallsBackToOperatingSystemWithoutCpuinfo() {
		assertThat(DeviceIdentity.cpuModel(Path.of("/no/such/cpuinfo"))).contains(System.getProperty("os.arch"));
	}

	@Test
	void describesThisMachine() {
		DeviceIdentity device = DeviceIdentity.current();
		assertThat(device.cpuModel()).isNotBlank();
		assertThat(device.cores()).isEqualTo(Runtime.getRuntime().availableProcessors());
	}

}
