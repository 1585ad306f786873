package ai.elms.engine;

import java.util.Set;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;

/**
 * The process's one ONNX Runtime environment. Its global intra-op pool is sized by the
 * first engine opened; an engine that asks for another size gets a pool of its own. Its
 * release at exit waits for the open models ({@link OrtShutdown}).
 */
final class OrtRuntime {

	private static OrtEnvironment environment;

	private static int globalThreads;

	private OrtRuntime() {
	}

	static synchronized OrtEnvironment environment(int threads) throws OrtException {
		if (environment == null) {
			OrtEnvironment.ThreadingOptions threading = new OrtEnvironment.ThreadingOptions();
			threading.setGlobalIntraOpNumThreads(threads);
			threading.setGlobalInterOpNumThreads(1);
			Set<Thread> hooks = OrtShutdown.hooks();
			environment = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "elms", threading);
			OrtShutdown.adopt(hooks);
			globalThreads = threads;
		}
		return environment;
	}

	/** Whether sessions of an engine with this many threads can use the global pool. */
	static synchronized boolean usesGlobalPool(int threads) {
		return environment != null && threads == globalThreads;
	}

	static int threads(int requested) {
		return (requested > 0) ? requested : Runtime.getRuntime().availableProcessors();
	}

}
