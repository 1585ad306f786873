package ai.elms.engine;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Orders the process's exit around ONNX Runtime. Its Java binding releases the native
 * environment in a shutdown hook of its own, and the JVM runs all hooks at once: a
 * session still running then (a request finishing during a graceful shutdown, a model
 * still being profiled at startup) crashes the process.
 * <p>
 * When {@code java.lang} is open to this code ({@code Add-Opens: java.base/java.lang} in
 * the manifest of the node's jar, {@code --add-opens java.base/java.lang=ALL-UNNAMED}
 * elsewhere), that hook is replaced by one that first gives the models' owners a grace
 * period to close them, then closes the ones left (each waits for its runs in progress)
 * and only then releases the environment. Otherwise ONNX Runtime's own hook stays.
 */
final class OrtShutdown {

	/** How long the owners get to close their models at exit. */
	static final long GRACE_MS = 10_000;

	private static final Logger logger = Logger.getLogger(OrtShutdown.class.getName());

	private static final Set<AutoCloseable> open = ConcurrentHashMap.newKeySet();

	private OrtShutdown() {
	}

	/** A model holding native sessions was opened. */
	static void opened(AutoCloseable model) {
		open.add(model);
	}

	/** A model was closed by its owner. */
	static void closed(AutoCloseable model) {
		open.remove(model);
	}

	/** The shutdown hooks registered now, or null when they cannot be read. */
	static Set<Thread> hooks() {
		Map<Thread, Thread> hooks = registeredHooks();
		if (hooks == null) {
			return null;
		}
		synchronized (hooksLock()) {
			return Set.copyOf(hooks.keySet());
		}
	}

	/**
	 * Replaces the hooks registered since {@code before} (ONNX Runtime's environment
	 * closer) by one that closes the open models first.
	 */
	static void adopt(Set<Thread> before) {
		Map<Thread, Thread> hooks = registeredHooks();
		if (before == null || hooks == null) {
			return;
		}
		List<Thread> added = new ArrayList<>();
		synchronized (hooksLock()) {
			for (Thread hook : hooks.keySet()) {
				if (!before.contains(hook)) {
					added.add(hook);
				}
			}
		}
		try {
			Runtime.getRuntime().addShutdownHook(new Thread(() -> exit(added), "elms-onnxruntime-exit"));
			added.forEach(Runtime.getRuntime()::removeShutdownHook);
		}
		catch (IllegalStateException ex) {
			// the process is exiting already: the hooks run as they are
		}
	}

	private static void exit(List<Thread> releases) {
		long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(GRACE_MS);
		try {
			while (!open.isEmpty() && System.nanoTime() < deadline) {
				Thread.sleep(5);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		for (AutoCloseable model : List.copyOf(open)) {
			try {
				model.close();
			}
			catch (Exception ex) {
				logger.log(Level.FINE, "closing a model at exit failed", ex);
			}
		}
		// Thread.run runs the hook's task on this thread
		releases.forEach(Thread::run);
	}

	@SuppressWarnings("unchecked")
	private static Map<Thread, Thread> registeredHooks() {
		try {
			Field field = hooksLock().getDeclaredField("hooks");
			field.setAccessible(true);
			return (Map<Thread, Thread>) field.get(null);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			logger.log(Level.FINE, "java.lang is not open: ONNX Runtime releases its environment at exit unordered",
					ex);
			return null;
		}
	}

	private static Class<?> hooksLock() {
		try {
			return Class.forName("java.lang.ApplicationShutdownHooks");
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
