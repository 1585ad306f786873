package ai.elms.lab.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import ai.elms.lab.Fixtures;
import ai.elms.lab.Progress;
import ai.elms.lab.corpus.CorpusSources;
import ai.elms.lab.tasks.Split;
import ai.elms.lab.tasks.SplitSizes;
import ai.elms.lab.tasks.Task;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

class DataStepTest {

	static final SplitSizes SIZES = new SplitSizes(10, 2, 2, 2);

	@TempDir
	Path dir;

	private DataManifest run(String name, long seed) throws IOException {
		return DataStep.run(Fixtures.sources(), new DataDirectory(this.dir.resolve(name)), seed, SIZES,
				Progress.none());
	}

	@Test
	void theSameSeedWritesTheSameBytes() throws IOException {
		run("a", 42);
		run("b", 42);
		run("c", 43);

		List<Path> files = files(this.dir.resolve("a"));
		assertThat(files).hasSize(2 + 4 * 4);
		for (Path file : files) {
			assertThat(this.dir.resolve("b").resolve(file)).as(file.toString())
				.hasSameBinaryContentAs(this.dir.resolve("a").resolve(file));
		}
		assertThat(this.dir.resolve("c").resolve("tasks/function-call/train.jsonl")).content()
			.isNotEqualTo(Files.readString(this.dir.resolve("a").resolve("tasks/function-call/train.jsonl")));
	}

	@Test
	void writesTheCorpusAndEveryTaskSplitAsTheManifestCounts() throws IOException {
		DataManifest manifest = run("data", 1);
		DataDirectory data = new DataDirectory(this.dir.resolve("data"));

		List<Document> corpus = data.readCorpus();
		assertThat(corpus).extracting(Document::source)
			.containsOnly("wordnet", "wordnet-familiar", "gcide", "jargon", "bible", "fortunes");
		assertThat(manifest.corpus().values().stream().mapToInt(DataManifest.SourceSize::documents).sum())
			.isEqualTo(corpus.size());
		for (Task task : Task.values()) {
			for (Split split : Split.values()) {
				assertThat(data.readTasks(task, split)).hasSize(SIZES.of(split))
					.allMatch((item) -> item.split() == split && item.task() == task);
				assertThat(manifest.tasks().get(task.id()).get(split.id())).isEqualTo(SIZES.of(split));
			}
		}
		assertThat(data.readManifest()).isEqualTo(manifest);
	}

	@Test
	void corpusTextIsCleanedOfDictionaryMarkup() throws IOException {
		run("data", 1);
		List<Document> corpus = new DataDirectory(this.dir.resolve("data")).readCorpus();

		Document abjure = corpus.stream().filter((d) -> d.text().startsWith("Abjure")).findFirst().orElseThrow();
		assertThat(abjure.text()).isEqualTo("Abjure, v. i. To renounce on oath. --Bp. Burnet.");
		assertThat(corpus).filteredOn((d) -> d.source().equals("gcide"))
			.extracting(Document::text)
			.noneMatch((t) -> t.contains("\\") || t.contains("{") || t.contains("[1913 Webster]"));
		assertThat(corpus).filteredOn((d) -> d.source().equals("bible"))
			.extracting(Document::text)
			.anyMatch((t) -> t.startsWith("Genesis 1\n1 In the beginning God created the heaven and the earth.\n2 "));
		assertThat(corpus).filteredOn((d) -> d.source().equals("wordnet"))
			.extracting(Document::text)
			.anyMatch((t) -> t.startsWith("canine, canid (noun): any of various fissiped mammals"))
			.anyMatch((t) -> t.startsWith("The noun for a member of the genus Canis")
					&& t.contains(
							"occurs in many breeds: dog, domestic dog, Canis familiaris. Example: \"the dog barked")
					&& t.endsWith("A kind of canine, domestic animal."));
		assertThat(corpus).filteredOn((d) -> d.source().equals("wordnet-familiar"))
			.extracting(Document::text)
			.contains("The noun for a member of the genus Canis (probably descended from the common wolf) that has "
					+ "been domesticated by man since prehistoric times; occurs in many breeds: dog, domestic dog, "
					+ "Canis familiaris. A kind of canine, domestic animal.")
			.noneMatch((t) -> t.startsWith("The noun for any of various fissiped mammals"));
		assertThat(corpus).extracting(Document::text)
			.contains("HELLO, said the typewriter, in bold.")
			.noneMatch((t) -> t.contains("( o.o )"));
	}

	@Test
	void missingCorporaAreNamedWithTheScriptThatInstallsThem() {
		assertThatIOException().isThrownBy(
				() -> DataStep.run(new CorpusSources(this.dir), new DataDirectory(this.dir), 1, SIZES, Progress.none()))
			.withMessageContaining("wordnet-base")
			.withMessageContaining("install-corpora.sh");
	}

	private static List<Path> files(Path root) throws IOException {
		try (Stream<Path> walk = Files.walk(root)) {
			return walk.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
		}
	}

}
