package ai.elms.node.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedPackageTest {

	@TempDir
	Path packages;

	@Test
	void unpacksEmbeddedPackageIntoFolderNamedByContent() throws IOException {
		Path unpacked = EmbeddedPackage.unpack(this.packages);
		assertThat(unpacked.getParent()).isEqualTo(this.packages);
		assertThat(unpacked.getFileName().toString()).matches("default-[0-9a-f]{16}");
		for (String file : EmbeddedPackage.FILES) {
			assertThat(unpacked.resolve(file)).isRegularFile();
		}
		// the default package ships its tiny model
		for (String file : EmbeddedPackage.OPTIONAL_FILES) {
			assertThat(unpacked.resolve(file)).isRegularFile();
		}
		assertThat(Files.readString(unpacked.resolve("manifest.json"))).contains("elms-default");
	}

	@Test
	void reusesFolderOnSecondStart() throws IOException {
		Path first = EmbeddedPackage.unpack(this.packages);
		Path second = EmbeddedPackage.unpack(this.packages);
		assertThat(second).isEqualTo(first);
		try (var entries = Files.list(this.packages)) {
			assertThat(entries).containsExactly(first);
		}
	}

}
