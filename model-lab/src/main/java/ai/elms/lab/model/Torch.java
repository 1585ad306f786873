package ai.elms.lab.model;

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

	public static NDManager newManager() {
		return engine(0).newBaseManager();
	}

}
