package ai.elms.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import ai.elms.engine.pack.PackageGenerator;
import ai.elms.engine.pack.PackageShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class OrtShutdownTest {

	@TempDir
	Path dir;

	@Test
	void aProcessExitingWhileItGeneratesExitsCleanly() throws Exception {
		PackageGenerator.generate(this.dir.resolve("tiny"), PackageShape.TINY, 7);
		for (int run = 0; run < 5; run++) {
			Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
					"--add-opens", "java.base/java.lang=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
					ExitWhileGenerating.class.getName(), this.dir.resolve("tiny").toString())
				.directory(this.dir.toFile())
				.redirectErrorStream(true)
				.start();
			String output = output(process);
			assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
			assertThat(output).contains("generating").doesNotContain("SIGSEGV").doesNotContain("fatal error");
			assertThat(process.exitValue()).as(output).isZero();
		}
	}

	private static String output(Process process) throws IOException {
		return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
	}

}
