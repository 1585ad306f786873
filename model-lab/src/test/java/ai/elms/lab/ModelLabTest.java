package ai.elms.lab;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

class ModelLabTest {

	@TempDir
	Path dir;

	@Test
	void dataThenTokenizerFromTheCommandLine() {
		String root = Fixtures.sources().root().toString();
		String data = this.dir.resolve("data").toString();

		assertThat(ModelLab.commandLine()
			.execute("data", "--root", root, "--out", data, "--seed", "5", "--train", "8", "--calibration", "1",
					"--validation", "2", "--test", "2"))
			.isZero();
		assertThat(ModelLab.commandLine().execute("tokenizer", "--data", data, "--vocab-size", "600")).isZero();
		assertThat(this.dir.resolve("data/tokenizer.json")).isNotEmptyFile();
	}

	@Test
	void aFailingStepExitsWithItsMessage() {
		StringWriter err = new StringWriter();
		CommandLine cli = ModelLab.commandLine();
		cli.setErr(new PrintWriter(err));

		int exit = cli.execute("data", "--root", this.dir.toString(), "--out", this.dir.resolve("out").toString());

		assertThat(exit).isEqualTo(1);
		assertThat(err.toString()).startsWith("model-lab data: corpora missing under").contains("install-corpora.sh");
	}

}
