package ai.elms.engine;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
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

	/** The work on apps' system parts, or null when the graph cannot reuse it. */
	private final PrefixCache prefixes;

	private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();

	private boolean closed;

	private TinyModel(TinyModelConfig config, OrtEnvironment env, OrtSession session) {
		this.config = config;
		this.env = env;
		this.session = session;
		this.prefixes = session.getInputNames().contains(TinyModelGraph.PAST)
				? new PrefixCache(config.attentionBlock(), BLOCKS) : null;
	}

	/**
	 * Blocks of system parts whose work is kept: a few apps' system parts. A block takes
	 * 2 * hidden floats a token, and a float a token for each SLO bucket pair asked: at
	 * the preset's size 4 MB for all, and at most 8 MB more should every bucket pair be
	 * asked.
	 */
	static final int BLOCKS = 128;

	/** Runs of each shape at open. */
	private static final int WARM_UP_RUNS = 2;

	/** Whether a folder holds a tiny model. */
	public static boolean exists(Path dir) {
		return Files.isRegularFile(dir.resolve(CONFIG_FILE)) && Files.isRegularFile(dir.resolve(MODEL_FILE));
	}

	/**
	 * Opens the tiny model of a folder and runs it at its longest prompt, so that its
	 * first prediction does not wait for ONNX Runtime's planning.
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
				try {
					tiny.warmUp();
				}
				catch (RuntimeException ex) {
					tiny.close();
					throw new IOException("the tiny model in " + dir + " does not run: " + ex.getMessage(), ex);
				}
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

	/**
	 * The weights of a tiny model's folder, read back from its graph, by the names of its
	 * config's {@link TinyModelConfig#shapes()}: to train a shipped tiny model further
	 * (its decision head for another package or device profile).
	 */
	public static Map<String, float[]> weights(Path dir) throws IOException {
		TinyModelConfig config = JSON.readValue(dir.resolve(CONFIG_FILE).toFile(), TinyModelConfig.class);
		try {
			return TinyModelGraph.weights(config, Files.readAllBytes(dir.resolve(MODEL_FILE)));
		}
		catch (IllegalArgumentException ex) {
			throw new IOException(dir.resolve(MODEL_FILE) + ": " + ex.getMessage(), ex);
		}
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
		return predict(promptTokens, 0, ttftBucket, tpotBucket);
	}

	/**
	 * As {@link #predict(int[], int, int)}, for a prompt whose first tokens are an app's
	 * system part: when the model {@linkplain TinyModelConfig#reusesPrefix() can}, what
	 * it computes for the whole blocks of that part is kept, and a later prompt that
	 * starts with the same tokens up to a block's end reuses it, for the same prediction
	 * (to rounding) at the cost of the rest: an app's next request, or a system part
	 * whose first blocks (instructions, a catalog) are another's.
	 * @param systemLength how many of the first tokens are the system part
	 */
	public TinyPrediction predict(int[] promptTokens, int systemLength, int ttftBucket, int tpotBucket) {
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
		long[] slo = { ttftBucket, tpotBucket };
		this.lifecycle.readLock().lock();
		try {
			if (this.closed) {
				throw new IllegalStateException("the tiny model is closed");
			}
			if (this.prefixes == null) {
				return run(ids, slo, null, false).prediction();
			}
			// whole blocks of the system part, leaving at least a token to run
			int block = this.config.attentionBlock();
			int blocks = Math.min(Math.max(systemLength, 0), ids.length - 1) / block;
			int buckets = ttftBucket * this.config.sloBuckets() + tpotBucket;
			List<PrefixCache.Block> kept = this.prefixes.lookUp(promptTokens, blocks, buckets);
			int reused = kept.size() * block;
			float[] past = new float[reused * width()];
			float[] keep = new float[ids.length];
			for (int b = 0; b < kept.size(); b++) {
				System.arraycopy(kept.get(b).keysAndValues(), 0, past, b * block * width(), block * width());
				System.arraycopy(kept.get(b).keepLogits(buckets), 0, keep, b * block, block);
			}
			Run rest = run((reused > 0) ? Arrays.copyOfRange(ids, reused, ids.length) : ids, slo, past,
					kept.size() < blocks);
			float[] restKeep = rest.prediction().keepLogits();
			System.arraycopy(restKeep, 0, keep, reused, restKeep.length);
			// the blocks read now; their keep logits depend on the SLO tokens, their keys
			// and values do not
			if (kept.size() < blocks) {
				this.prefixes.keep(promptTokens, kept.size(), blocks, rest.keysAndValues(), restKeep, buckets);
			}
			return new TinyPrediction(keep, rest.prediction().ratioLogits(), rest.prediction().levelLogits());
		}
		finally {
			this.lifecycle.readLock().unlock();
		}
	}

	/**
	 * Runs the graph on a prompt of the longest length, then, for a graph that reuses
	 * prefixes, on one after a block's keys and values, keeping nothing: ONNX Runtime
	 * plans and allocates for them at its first runs (13 to 23 ms on a 2-core x86-64 for
	 * the shipped model), which the first requests would otherwise wait for.
	 */
	private void warmUp() {
		long[] ids = new long[this.config.maxLength()];
		long[] slo = { 0, 0 };
		int block = this.config.attentionBlock();
		for (int run = 0; run < WARM_UP_RUNS; run++) {
			run(ids, slo, (this.prefixes != null) ? new float[0] : null, false);
			if (this.prefixes != null && ids.length > block) {
				run(Arrays.copyOf(ids, ids.length - block), slo, new float[block * width()], true);
			}
		}
	}

	/**
	 * A run's prediction and, for a prefix-reusing graph, the keys and values it made.
	 */
	private record Run(TinyPrediction prediction, float[] keysAndValues) {
	}

	/**
	 * Runs the graph on tokens after {@code past}'s prefix (keys and values, [prefix
	 * tokens * 2 * hidden]; null for a graph that does not reuse prefixes), reading the
	 * keys and values it makes if asked.
	 */
	private Run run(long[] ids, long[] slo, float[] past, boolean keysAndValues) {
		Map<String, OnnxTensor> inputs = new HashMap<>();
		try {
			inputs.put("input_ids", OnnxTensor.createTensor(this.env, LongBuffer.wrap(ids), new long[] { ids.length }));
			inputs.put("slo_buckets", OnnxTensor.createTensor(this.env, LongBuffer.wrap(slo), new long[] { 2 }));
			if (past != null) {
				inputs.put(TinyModelGraph.PAST, OnnxTensor.createTensor(this.env, FloatBuffer.wrap(past),
						new long[] { 1, past.length / width(), width() }));
			}
			try (OrtSession.Result result = this.session.run(inputs)) {
				return new Run(
						new TinyPrediction(floats(result, "keep_logits"), floats(result, "ratio_logits"),
								floats(result, "level_logits")),
						keysAndValues ? floats(result, TinyModelGraph.PRESENT) : null);
			}
		}
		catch (OrtException ex) {
			throw new IllegalStateException("tiny model inference failed: " + ex.getMessage(), ex);
		}
		finally {
			inputs.values().forEach(OnnxTensor::close);
		}
	}

	/** Floats of the decision branch's keys and values a token. */
	private int width() {
		return 2 * this.config.hiddenSize();
	}

	/** How many blocks' work is kept (0 for a graph that cannot reuse it). */
	int blocksKept() {
		return (this.prefixes != null) ? this.prefixes.size() : 0;
	}

	private static float[] floats(OrtSession.Result result, String name) {
		FloatBuffer buffer = ((OnnxTensor) result.get(name).orElseThrow()).getFloatBuffer();
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
