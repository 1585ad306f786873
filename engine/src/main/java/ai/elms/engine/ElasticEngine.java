package ai.elms.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import ai.elms.engine.pack.PackageManifest;

/**
 * An elastic package opened for generation: one ONNX Runtime session per level, all over one
 * copy of the weights. Thread-safe; close it to free the native memory.
 */
public final class ElasticEngine implements AutoCloseable {

	private ElasticEngine() {
	}

	public static ElasticEngine open(Path packageDir, EngineOptions options) throws IOException {
		throw new IOException("engine under construction");
	}

	public PackageManifest manifest() {
		throw new IllegalStateException();
	}

	/** The opened levels, smallest first. */
	public List<ElasticLevel> levels() {
		throw new IllegalStateException();
	}

	public int contextLength() {
		throw new IllegalStateException();
	}

	/** SHA-256 (hex) of the manifest and weights: identifies the package in caches. */
	public String packageHash() {
		throw new IllegalStateException();
	}

	/** Tokenizes text; special tokens written in it (such as the chat markers) are recognized. */
	public int[] encode(String text) {
		throw new IllegalStateException();
	}

	/** Renders chat messages with the package's template; unknown roles are an IllegalArgumentException. */
	public String renderChat(List<ChatMessage> messages) {
		throw new IllegalStateException();
	}

	/**
	 * Generates on the calling thread, handing text to the sink as it becomes final.
	 * @throws IllegalArgumentException if the prompt and max_tokens do not fit the context
	 */
	public GenerationResult generate(GenerationRequest request, TokenSink sink) {
		throw new IllegalStateException();
	}

	@Override
	public void close() {
	}

}
