package ai.elms.lab.model;

import java.util.Locale;
import java.util.Optional;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;

/**
 * The PyTorch engine of DJL, offline: the native library and its JNI glue are the Maven
 * Central jars on the class path ({@code pytorch-native-cpu}, {@code pytorch-jni}),
 * extracted once to DJL's cache; nothing is ever downloaded.
 */
public final class Torch {

	public static final String ENGINE = "PyTorch";

	private Torch() {
	}

	/**
	 * Configures DJL before its first use: offline, PyTorch, and the intra-op threads (0:
	 * DJL's default, all cores). Later calls change nothing once the engine runs.
	 */
	public static synchronized Engine engine(int threads) {
		System.setProperty("ai.djl.offline", "true");
		System.setProperty("ai.djl.default_engine", ENGINE);
		if (threads > 0 && System.getProperty("ai.djl.pytorch.num_threads") == null) {
			System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
			System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
		}
		return Engine.getEngine(ENGINE);
	}

	/**
	 * What to tell a user who trains under glibc's default allocator: PyTorch maps and
	 * faults in every large tensor anew each step there, which {@code bin/model-lab}'s
	 * {@code GLIBC_TUNABLES} avoid. Empty off Linux, or where the variable is set.
	 */
	public static Optional<String> allocatorAdvice() {
		boolean linux = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");
		if (!linux || System.getenv("GLIBC_TUNABLES") != null) {
			return Optional.empty();
		}
		return Optional.of("note: GLIBC_TUNABLES is not set; training can run 2 to 4 times slower here than under "
				+ "bin/model-lab, which sets glibc's allocator up for PyTorch (docs/benchmarks/model-lab-training.md)");
	}

	public static NDManager newManager() {
		return engine(0).newBaseManager();
	}

}
