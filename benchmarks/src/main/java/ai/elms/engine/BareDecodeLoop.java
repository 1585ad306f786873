package ai.elms.engine;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.Map;

import ai.elms.engine.graph.LevelGraph;
import ai.elms.engine.pack.Architecture;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * The baseline of the decode benchmark: greedy decoding over the very {@link OrtSession}
 * an engine runs for a level (same graph, options, weights and thread pool), doing
 * nothing but {@code session.run}, feeding the KV cache back and taking the argmax. The
 * next token is written into a direct buffer the input tensor wraps, so a decode step
 * allocates no input.
 * <p>
 * It lives in the engine's package (a split package on the class path) to reach the
 * package-private {@link LevelSession} through the engine's package-private accessors.
 */
public final class BareDecodeLoop implements AutoCloseable {

	private static final String INPUT_IDS = "input_ids";

	private static final String LOGITS = "logits";

	private final OrtSession session;

	private final OrtEnvironment env;

	private final String[] pastNames;

	private final String[] presentNames;

	private final OnnxTensor[] emptyPast;

	private final LongBuffer nextToken;

	private final OnnxTensor nextTokenTensor;

	private BareDecodeLoop(OrtSession session, OrtEnvironment env, String[] pastNames, String[] presentNames,
			OnnxTensor[] emptyPast, LongBuffer nextToken, OnnxTensor nextTokenTensor) {
		this.session = session;
		this.env = env;
		this.pastNames = pastNames;
		this.presentNames = presentNames;
		this.emptyPast = emptyPast;
		this.nextToken = nextToken;
		this.nextTokenTensor = nextTokenTensor;
	}

	/** A loop over the session of {@code engine.levels().get(level)}. */
	public static BareDecodeLoop over(ElasticEngine engine, int level) throws OrtException {
		LevelSession levelSession = engine.levelSession(level);
		Architecture arch = engine.manifest().architecture();
		OrtEnvironment env = OrtEnvironment.getEnvironment();
		int layers = arch.layers();
		String[] past = new String[2 * layers];
		String[] present = new String[2 * layers];
		OnnxTensor[] empty = new OnnxTensor[2 * layers];
		for (int l = 0; l < layers; l++) {
			past[2 * l] = LevelGraph.pastKey(l);
			past[2 * l + 1] = LevelGraph.pastValue(l);
			present[2 * l] = LevelGraph.presentKey(l);
			present[2 * l + 1] = LevelGraph.presentValue(l);
			long[] shape = { 1, levelSession.spec().kvGroups().get(l), 0, arch.headDim() };
			FloatBuffer none = ByteBuffer.allocateDirect(0).order(ByteOrder.nativeOrder()).asFloatBuffer();
			empty[2 * l] = OnnxTensor.createTensor(env, none, shape);
			empty[2 * l + 1] = OnnxTensor.createTensor(env, none, shape);
		}
		LongBuffer next = ByteBuffer.allocateDirect(Long.BYTES).order(ByteOrder.nativeOrder()).asLongBuffer();
		OnnxTensor nextTensor = OnnxTensor.createTensor(env, next, new long[] { 1 });
		return new BareDecodeLoop(levelSession.session(), env, past, present, empty, next, nextTensor);
	}

	/**
	 * Greedy decoding of {@code tokens} tokens after the prompt; end-of-sequence tokens
	 * do not stop it.
	 */
	public Decode decode(int[] prompt, int tokens) throws OrtException {
		int[] generated = new int[tokens];
		Map<String, OnnxTensor> inputs = new HashMap<>();
		for (int i = 0; i < this.pastNames.length; i++) {
			inputs.put(this.pastNames[i], this.emptyPast[i]);
		}
		long[] ids = new long[prompt.length];
		for (int i = 0; i < prompt.length; i++) {
			ids[i] = prompt[i];
		}
		long start = System.nanoTime();
		OrtSession.Result result;
		try (OnnxTensor promptTensor = OnnxTensor.createTensor(this.env, LongBuffer.wrap(ids),
				new long[] { ids.length })) {
			inputs.put(INPUT_IDS, promptTensor);
			result = this.session.run(inputs);
		}
		try {
			generated[0] = argmax(result);
			long firstToken = System.nanoTime();
			inputs.put(INPUT_IDS, this.nextTokenTensor);
			for (int t = 1; t < tokens; t++) {
				this.nextToken.put(0, generated[t - 1]);
				for (int i = 0; i < this.pastNames.length; i++) {
					inputs.put(this.pastNames[i], (OnnxTensor) result.get(this.presentNames[i]).orElseThrow());
				}
				OrtSession.Result next = this.session.run(inputs);
				result.close();
				result = next;
				generated[t] = argmax(result);
			}
			long end = System.nanoTime();
			return new Decode(generated, firstToken - start, end - firstToken);
		}
		finally {
			result.close();
		}
	}

	@Override
	public void close() {
		this.nextTokenTensor.close();
		for (OnnxTensor tensor : this.emptyPast) {
			tensor.close();
		}
	}

	private static int argmax(OrtSession.Result result) throws OrtException {
		FloatBuffer logits = ((OnnxTensor) result.get(LOGITS).orElseThrow()).getFloatBuffer();
		int best = 0;
		float bestValue = Float.NEGATIVE_INFINITY;
		for (int i = 0; i < logits.limit(); i++) {
			float value = logits.get(i);
			if (value > bestValue) {
				bestValue = value;
				best = i;
			}
		}
		return best;
	}

	/**
	 * One greedy decoding.
	 *
	 * @param tokens the generated tokens
	 * @param ttftNanos from the start to the first token (prefill and argmax)
	 * @param decodeNanos from the first token to the last
	 */
	public record Decode(int[] tokens, long ttftNanos, long decodeNanos) {

		/** Decode speed after the first token, as the engine's TPOT counts it. */
		public double tokensPerSecond() {
			return (this.tokens.length - 1) / (this.decodeNanos / 1e9);
		}

	}

}
