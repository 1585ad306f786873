package ai.elms.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ai.elms.engine.graph.LevelGraph;
import ai.elms.engine.pack.Architecture;
import ai.elms.engine.pack.LevelSpec;
import ai.elms.engine.pack.ModelPackage;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * The ONNX Runtime session of one level. Its weights are views of the package's mapped
 * tensors (the first rows of each), so every level shares one copy and opening or
 * switching a level copies no weight.
 */
final class LevelSession implements AutoCloseable {

	private final OrtEnvironment env;

	private final Architecture arch;

	private final LevelSpec spec;

	private final OrtSession session;

	private final List<OnnxTensor> weightViews;

	private final OnnxTensor[] emptyCache;

	private LevelSession(OrtEnvironment env, Architecture arch, LevelSpec spec, OrtSession session,
			List<OnnxTensor> weightViews, OnnxTensor[] emptyCache) {
		this.env = env;
		this.arch = arch;
		this.spec = spec;
		this.session = session;
		this.weightViews = weightViews;
		this.emptyCache = emptyCache;
	}

	static LevelSession open(OrtEnvironment env, ModelPackage pack, LevelSpec spec, Path graphDir, int threads,
			boolean allPositions) throws OrtException, IOException {
		Architecture arch = pack.manifest().architecture();
		LevelGraph graph = LevelGraph.build(pack.manifest(), spec, allPositions);
		Path placeholder = graphDir.resolve(LevelGraph.PLACEHOLDER_FILE);
		if (!Files.exists(placeholder)) {
			Files.write(placeholder, new byte[0]);
		}
		Path modelFile = graphDir.resolve(String.format(java.util.Locale.ROOT, "level-%03d%s.onnx",
				Math.round(spec.share() * 100), allPositions ? "-all" : ""));
		Files.write(modelFile, graph.model());

		List<OnnxTensor> views = new ArrayList<>();
		OnnxTensor[] empty = new OnnxTensor[2 * arch.layers()];
		try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
			options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
			// pre-packing would give every session its own re-laid-out copy of the
			// weights
			options.addConfigEntry("session.disable_prepacking", "1");
			if (OrtRuntime.usesGlobalPool(threads)) {
				options.disablePerSessionThreads();
			}
			else {
				options.setIntraOpNumThreads(threads);
				options.setInterOpNumThreads(1);
			}
			for (LevelGraph.WeightBinding binding : graph.weights()) {
				FloatBuffer rows = pack.weight(binding.name()).rows(binding.rows());
				OnnxTensor view = OnnxTensor.createTensor(env, rows, binding.shape());
				views.add(view);
				options.addInitializer(binding.name(), view);
			}
			for (int l = 0; l < arch.layers(); l++) {
				long[] shape = { spec.kvGroups().get(l), 0, arch.headDim() };
				empty[2 * l] = OnnxTensor.createTensor(env, emptyFloats(), shape);
				empty[2 * l + 1] = OnnxTensor.createTensor(env, emptyFloats(), shape);
			}
			OrtSession session = env.createSession(modelFile.toString(), options);
			return new LevelSession(env, arch, spec, session, views, empty);
		}
		catch (OrtException | RuntimeException ex) {
			views.forEach(OnnxTensor::close);
			for (OnnxTensor tensor : empty) {
				if (tensor != null) {
					tensor.close();
				}
			}
			throw ex;
		}
	}

	LevelSpec spec() {
		return this.spec;
	}

	/** A KV cache for one request; close it when the request ends. */
	Cache newCache() {
		return new Cache();
	}

	@Override
	public void close() throws OrtException {
		this.session.close();
		this.weightViews.forEach(OnnxTensor::close);
		for (OnnxTensor tensor : this.emptyCache) {
			tensor.close();
		}
	}

	private static FloatBuffer emptyFloats() {
		return ByteBuffer.allocateDirect(0).order(ByteOrder.nativeOrder()).asFloatBuffer();
	}

	/**
	 * The state of one request: its KV cache (the outputs of its last step, fed back as
	 * the next step's inputs) and its logits buffer.
	 */
	final class Cache implements AutoCloseable {

		private OrtSession.Result last;

		private int length;

		private final Map<String, OnnxTensor> inputs = new HashMap<>();

		int length() {
			return this.length;
		}

		/**
		 * Runs the level over new tokens and returns the logits of the last one: a view
		 * that is valid until the next step.
		 */
		FloatBuffer step(int[] tokens, int from, int to) throws OrtException {
			long[] ids = new long[to - from];
			for (int i = from; i < to; i++) {
				ids[i - from] = tokens[i];
			}
			try (OnnxTensor input = OnnxTensor.createTensor(LevelSession.this.env, java.nio.LongBuffer.wrap(ids),
					new long[] { ids.length })) {
				this.inputs.put("input_ids", input);
				for (int l = 0; l < LevelSession.this.arch.layers(); l++) {
					this.inputs.put(LevelGraph.pastKey(l), past(LevelGraph.presentKey(l), 2 * l));
					this.inputs.put(LevelGraph.pastValue(l), past(LevelGraph.presentValue(l), 2 * l + 1));
				}
				OrtSession.Result result = LevelSession.this.session.run(this.inputs);
				this.inputs.clear();
				if (this.last != null) {
					this.last.close();
				}
				this.last = result;
				this.length += ids.length;
				return ((OnnxTensor) result.get("logits").orElseThrow()).getFloatBuffer();
			}
		}

		private OnnxTensor past(String output, int emptyIndex) {
			if (this.last == null) {
				return LevelSession.this.emptyCache[emptyIndex];
			}
			OnnxValue value = this.last.get(output).orElseThrow();
			return (OnnxTensor) value;
		}

		@Override
		public void close() {
			if (this.last != null) {
				this.last.close();
				this.last = null;
			}
		}

	}

}
