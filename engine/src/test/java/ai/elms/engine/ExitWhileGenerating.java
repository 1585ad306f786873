package ai.elms.engine;

import java.nio.file.Path;
import java.util.List;

/**
 * A process that exits while another thread generates, as a node stopped during its
 * startup profiling does: the engine's owner closes it in a shutdown hook of its own.
 * Prints {@code generating} once the first generation is done, then exits with 0 unless
 * the exit crashes it. Argument: a package folder.
 */
final class ExitWhileGenerating {

	private ExitWhileGenerating() {
	}

	public static void main(String[] args) throws Exception {
		ElasticEngine engine = ElasticEngine.open(Path.of(args[0]), EngineOptions.DEFAULTS.withThreads(2));
		Runtime.getRuntime().addShutdownHook(new Thread(engine::close));
		int[] prompt = engine.encode("hello world, this is a prompt long enough to keep a session busy");
		Object first = new Object();
		Thread generating = new Thread(() -> {
			for (long i = 0;; i++) {
				try {
					engine.generate(new GenerationRequest(prompt, (int) (i % engine.levels().size()), 16,
							SamplingParams.GREEDY, List.of()), TokenSink.NONE);
				}
				catch (IllegalStateException ex) {
					return;
				}
				if (i == 0) {
					synchronized (first) {
						first.notifyAll();
					}
				}
			}
		}, "generating");
		generating.setDaemon(true);
		synchronized (first) {
			generating.start();
			first.wait();
		}
		System.out.println("generating");
		System.exit(0);
	}

}
