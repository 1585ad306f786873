package ai.elms.engine;

import java.io.IOException;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import ai.elms.engine.graph.TinyModelGraph;
import ai.elms.engine.tlm.TinyModelConfig;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import tools.jackson.databind.json.JsonMapper;

/**
 * The dual-head tiny model, opened with ONNX Runtime from a folder holding
 * {@value #CONFIG_FILE} and {@value #MODEL_FILE}. Thread-safe; close it to free the
 * native memory.
 */
public final class TinyModel implements AutoCloseable {

	public static final String CONFIG_FILE = "tlm.json";

	public static final String MODEL_FILE = "tlm.onnx";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final TinyModelConfig config;

	private final OrtEnvironment env;

	private final OrtSession session;

	private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();

	private boolean closed;

	private TinyModel(TinyModelConfig config, OrtEnvironment env, OrtSession session) {
		this.config = config;
		this.env = env;
		this.session = session;
	}

	/** Whether a folder holds a tiny model. */
	public static boolean exists(Path dir) {
		return Files.isRegularFile(dir.resolve(CONFIG_FILE)) && Files.isRegularFile(dir.resolve(MODEL_FILE));
	}

	/**
	 * Opens the tiny model of a folder.
	 * @param threads intra-op threads; 0 means all cores
	 */
	public static TinyModel open(Path dir, int threads) throws IOException {
		TinyModelConfig config = JSON.readValue(dir.resolve(CONFIG_FILE).toFile(), TinyModelConfig.class);
		int resolved = OrtRuntime.threads(threads);
		try {
			OrtEnvironment env = OrtRuntime.environment(resolved);
			try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
				options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
				if (OrtRuntime.usesGlobalPool(resolved)) {
					options.disablePerSessionThreads();
				}
				else {
					options.setIntraOpNumThreads(resolved);
					options.setInterOpNumThreads(1);
				}
				TinyModel tiny = new TinyModel(config, env,
						env.createSession(dir.resolve(MODEL_FILE).toString(), options));
				OrtShutdown.opened(tiny);
				return tiny;
			}
		}
		catch (OrtException ex) {
			throw new IOException("cannot open the tiny model in " + dir + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * Writes a tiny model's folder: its config and its ONNX graph with the weights
	 * inside. Files are written aside and moved into place.
	 */
	public static void write(Path dir, TinyModelConfig config, Map<String, float[]> weights) throws IOException {
		Files.createDirectories(dir);
		byte[] model = TinyModelGraph.build(config, weights);
		Path partial = dir.resolve(MODEL_FILE + ".partial");
		Files.write(partial, model);
		Files.move(partial, dir.resolve(MODEL_FILE), StandardCopyOption.REPLACE_EXISTING,
				StandardCopyOption.ATOMIC_MOVE);
		JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(CONFIG_FILE).toFile(), config);
	}

	public TinyModelConfig config() {
		return this.config;
	}

	/**
	 * Scores a prompt's tokens and proposes a prompt ratio and a model level for the SLO
	 * buckets.
	 * @throws IllegalArgumentException if the prompt is empty or too long, a token is out
	 * of the vocabulary, or a bucket out of range
	 */
	public TinyPrediction predict(int[] promptTokens, int ttftBucket, int tpotBucket) {
		if (promptTokens.length == 0 || promptTokens.length > this.config.maxLength()) {
			throw new IllegalArgumentException("the tiny model takes 1 to " + this.config.maxLength()
					+ " prompt tokens, not " + promptTokens.length);
		}
		for (int bucket : new int[] { ttftBucket, tpotBucket }) {
			if (bucket < 0 || bucket >= this.config.sloBuckets()) {
				throw new IllegalArgumentException(
						"SLO bucket " + bucket + " is outside 0.." + (this.config.sloBuckets() - 1));
			}
		}
		long[] ids = new long[promptTokens.length];
		for (int i = 0; i < ids.length; i++) {
			if (promptTokens[i] < 0 || promptTokens[i] >= this.config.vocabSize()) {
				throw new IllegalArgumentException("token " + promptTokens[i] + " is outside the vocabulary");
			}
			ids[i] = promptTokens[i];
		}
		this.lifecycle.readLock().lock();
		try {
			if (this.closed) {
				throw new IllegalStateException("the tiny model is closed");
			}
			try (OnnxTensor input = OnnxTensor.createTensor(this.env, LongBuffer.wrap(ids), new long[] { ids.length });
					OnnxTensor slo = OnnxTensor.createTensor(this.env,
							LongBuffer.wrap(new long[] { ttftBucket, tpotBucket }), new long[] { 2 });
					OrtSession.Result result = this.session.run(Map.of("input_ids", input, "slo_buckets", slo))) {
				return new TinyPrediction(floats(result, "keep_logits"), floats(result, "ratio_logits"),
						floats(result, "level_logits"));
			}
			catch (OrtException ex) {
				throw new IllegalStateException("tiny model inference failed: " + ex.getMessage(), ex);
			}
		}
		finally {
			this.lifecycle.readLock().unlock();
		}
	}

	private static float[] floats(OrtSession.Result result, String name) {
		java.nio.FloatBuffer buffer = ((OnnxTensor) result.get(name).orElseThrow()).getFloatBuffer();
		float[] values = new float[buffer.remaining()];
		buffer.get(values);
		return values;
	}

	@Override
	public void close() throws OrtException {
		this.lifecycle.writeLock().lock();
		try {
			if (this.closed) {
				return;
			}
			this.closed = true;
			this.session.close();
		}
		finally {
			this.lifecycle.writeLock().unlock();
			OrtShutdown.closed(this);
		}
	}

}
