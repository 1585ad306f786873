package ai.elms.lab;

import java.net.URISyntaxException;
import java.nio.file.Path;

import ai.elms.lab.corpus.CorpusSources;

/**
 * The corpora of the tests: files cut from the Debian packages by
 * {@code scripts/make-test-fixtures.py}, laid out as the packages install them.
 */
public final class Fixtures {

	private Fixtures() {
	}

	public static CorpusSources sources() {
		try {
			return new CorpusSources(Path.of(Fixtures.class.getResource("/debian").toURI()));
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
