package ai.elms.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ai.elms.engine.graph.LevelGraph;
import ai.elms.engine.pack.Architecture;
import ai.elms.engine.pack.LayerCollapse;
import ai.elms.engine.pack.LevelSpec;
import ai.elms.engine.pack.ModelPackage;
import ai.elms.engine.pack.SafeTensors;
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

	/**
	 * Input names of the KV cache, then the matching output names, per layer: key, value.
	 */
	private final String[] pastNames;

	private final String[] presentNames;

	private LevelSession(OrtEnvironment env, Architecture arch, LevelSpec spec, OrtSession session,
			List<OnnxTensor> weightViews, OnnxTensor[] emptyCache) {
		this.env = env;
		this.arch = arch;
		this.spec = spec;
		this.session = session;
		this.weightViews = weightViews;
		this.emptyCache = emptyCache;
		List<String> past = new ArrayList<>();
		List<String> present = new ArrayList<>();
		for (int l = 0; l < arch.layers(); l++) {
			if (spec.attends(l)) {
				past.add(LevelGraph.pastKey(l));
				past.add(LevelGraph.pastValue(l));
				present.add(LevelGraph.presentKey(l));
				present.add(LevelGraph.presentValue(l));
			}
		}
		this.pastNames = past.toArray(String[]::new);
		this.presentNames = present.toArray(String[]::new);
	}

	/**
	 * @param ladder the ladder the level is from, for the graph file's name (null for the
	 * elastic levels)
	 */
	static LevelSession open(OrtEnvironment env, ModelPackage pack, String ladder, LevelSpec spec, Path graphDir,
			int threads, boolean allPositions) throws OrtException, IOException {
		Architecture arch = pack.manifest().architecture();
		LevelGraph graph = LevelGraph.build(pack.manifest(), spec, allPositions);
		Path placeholder = graphDir.resolve(LevelGraph.PLACEHOLDER_FILE);
		if (!Files.exists(placeholder)) {
			Files.write(placeholder, new byte[0]);
		}
		Path modelFile = graphDir.resolve(String.format(java.util.Locale.ROOT, "%s-%04d%s.onnx",
				(ladder != null) ? ladder : "level", Math.round(spec.share() * 1000), allPositions ? "-all" : ""));
		Files.write(modelFile, graph.model());

		List<OnnxTensor> views = new ArrayList<>();
		OnnxTensor[] empty = new OnnxTensor[2 * (int) spec.kvGroups().stream().filter((g) -> g > 0).count()];
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
				FloatBuffer rows = weight(pack, binding);
				OnnxTensor view = OnnxTensor.createTensor(env, rows, binding.shape());
				views.add(view);
				options.addInitializer(binding.name(), view);
			}
			int next = 0;
			for (int l = 0; l < arch.layers(); l++) {
				if (spec.attends(l)) {
					long[] shape = { 1, spec.kvGroups().get(l), 0, arch.headDim() };
					empty[next++] = OnnxTensor.createTensor(env, emptyFloats(), shape);
					empty[next++] = OnnxTensor.createTensor(env, emptyFloats(), shape);
				}
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

	/**
	 * The rows a binding views: of the package tensor, or of its LaCo merge, which is the
	 * one weight a level copies (the layer-collapse baseline's merged layers).
	 */
	private static FloatBuffer weight(ModelPackage pack, LevelGraph.WeightBinding binding) {
		SafeTensors.Tensor own = pack.weight(binding.name());
		if (binding.absorbed().isEmpty()) {
			return own.rows(binding.rows());
		}
		List<FloatBuffer> absorbed = binding.absorbed().stream().map((name) -> pack.weight(name).data()).toList();
		FloatBuffer merged = LayerCollapse.merge(own.data(), absorbed);
		return merged.slice(0, Math.toIntExact(merged.capacity() / own.shape()[0] * binding.rows()));
	}

	LevelSpec spec() {
		return this.spec;
	}

	/** The ONNX Runtime session, for the benchmarks' bare decode loop. */
	OrtSession session() {
		return this.session;
	}

	/** A KV cache for one request; close it when the request ends. */
	Cache newCache() {
		return new Cache(null, 0);
	}

	/**
	 * A cache of this session that continues from another session's cache of the same
	 * level (its KV cache has the same layout); close it before that cache steps again or
	 * closes.
	 */
	Cache continuing(Cache other) {
		return new Cache(other.last, other.length);
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

		/**
		 * The KV cache a fork starts from: another cache's, read and never closed here.
		 */
		private final OrtSession.Result base;

		private int length;

		private final Map<String, OnnxTensor> inputs = new HashMap<>();

		/**
		 * The decode steps' one-token input: a direct buffer the tensor wraps, rewritten
		 * each step.
		 */
		private final LongBuffer nextToken = ByteBuffer.allocateDirect(Long.BYTES)
			.order(ByteOrder.nativeOrder())
			.asLongBuffer();

		private OnnxTensor nextTokenTensor;

		private Cache(OrtSession.Result base, int length) {
			this.base = base;
			this.length = length;
		}

		/**
		 * A cache that continues from this one's tokens while this one stays as it is;
		 * close the fork before this cache steps again or closes.
		 */
		Cache fork() {
			return new Cache(this.last, this.length);
		}

		int length() {
			return this.length;
		}

		/**
		 * Runs the level over new tokens and returns the logits of the last one (of every
		 * new one, row by row, in a session opened for all positions): a copy owned by
		 * the caller.
		 */
		FloatBuffer step(int[] tokens, int from, int to) throws OrtException {
			if (to - from == 1) {
				if (this.nextTokenTensor == null) {
					this.nextTokenTensor = OnnxTensor.createTensor(LevelSession.this.env, this.nextToken,
							new long[] { 1 });
				}
				this.nextToken.put(0, tokens[from]);
				return run(this.nextTokenTensor, 1);
			}
			long[] ids = new long[to - from];
			for (int i = from; i < to; i++) {
				ids[i - from] = tokens[i];
			}
			try (OnnxTensor input = OnnxTensor.createTensor(LevelSession.this.env, LongBuffer.wrap(ids),
					new long[] { ids.length })) {
				return run(input, ids.length);
			}
		}

		private FloatBuffer run(OnnxTensor input, int count) throws OrtException {
			this.inputs.put("input_ids", input);
			for (int i = 0; i < LevelSession.this.pastNames.length; i++) {
				this.inputs.put(LevelSession.this.pastNames[i], past(i));
			}
			OrtSession.Result result = LevelSession.this.session.run(this.inputs);
			this.inputs.clear();
			if (this.last != null) {
				this.last.close();
			}
			this.last = result;
			this.length += count;
			return ((OnnxTensor) result.get("logits").orElseThrow()).getFloatBuffer();
		}

		private OnnxTensor past(int index) {
			OrtSession.Result source = (this.last != null) ? this.last : this.base;
			if (source == null) {
				return LevelSession.this.emptyCache[index];
			}
			OnnxValue value = source.get(LevelSession.this.presentNames[index]).orElseThrow();
			return (OnnxTensor) value;
		}

		@Override
		public void close() {
			if (this.last != null) {
				this.last.close();
				this.last = null;
			}
			if (this.nextTokenTensor != null) {
				this.nextTokenTensor.close();
				this.nextTokenTensor = null;
			}
		}

	}

}
