package ai.elms.lab.training;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.elms.engine.pack.SafeTensors;

/**
 * AdamW (decoupled weight decay, Loshchilov and Hutter) with global gradient-norm
 * clipping. Matrices decay, norm weights do not. Its moments are saved with every
 * checkpoint, so a resumed run continues exactly.
 */
public final class AdamW implements AutoCloseable {

	static final String FIRST_MOMENT = "exp_avg/";

	static final String SECOND_MOMENT = "exp_avg_sq/";

	private static final float BETA1 = 0.9f;

	private static final float BETA2 = 0.95f;

	private static final float EPSILON = 1e-8f;

	private final NDManager manager;

	private final Map<String, NDArray> parameters;

	private final Map<String, NDArray> first = new LinkedHashMap<>();

	private final Map<String, NDArray> second = new LinkedHashMap<>();

	private final float weightDecay;

	private long steps;

	private long skipped;

	public AdamW(Map<String, NDArray> parameters, float weightDecay, NDManager parent) {
		this.manager = parent.newSubManager();
		this.parameters = parameters;
		this.weightDecay = weightDecay;
		parameters.forEach((name, p) -> {
			this.first.put(name, this.manager.zeros(p.getShape()));
			this.second.put(name, this.manager.zeros(p.getShape()));
		});
	}

	/**
	 * Clips the gradients to a global norm, updates every parameter and clears the
	 * gradients. A step whose gradient is not finite is skipped (counted in
	 * {@link #skipped()}) and leaves the parameters and moments as they were.
	 * @return the gradient norm before clipping
	 */
	public float step(float learningRate, float clipNorm, NDManager scope) {
		Map<String, NDArray> gradients = new LinkedHashMap<>();
		double squares = 0;
		for (Map.Entry<String, NDArray> parameter : this.parameters.entrySet()) {
			NDArray gradient = parameter.getValue().getGradient();
			gradient.attach(scope);
			gradients.put(parameter.getKey(), gradient);
			squares += gradient.square().sum().getFloat();
		}
		float norm = (float) Math.sqrt(squares);
		if (!Float.isFinite(norm)) {
			// an overflow somewhere in the backward pass: this batch teaches nothing, and
			// applying it would spread NaN through every weight
			this.skipped++;
			gradients.values().forEach((gradient) -> gradient.subi(gradient));
			return norm;
		}
		float scale = (norm > clipNorm) ? clipNorm / norm : 1f;
		this.steps++;
		float correction1 = 1 - (float) Math.pow(BETA1, this.steps);
		float correction2 = 1 - (float) Math.pow(BETA2, this.steps);
		for (Map.Entry<String, NDArray> entry : gradients.entrySet()) {
			NDArray p = this.parameters.get(entry.getKey());
			NDArray m = this.first.get(entry.getKey());
			NDArray v = this.second.get(entry.getKey());
			// results of the arithmetic belong to the step's scope, the state stays ours
			p.tempAttach(scope);
			m.tempAttach(scope);
			v.tempAttach(scope);
			NDArray g = entry.getValue().mul(scale);
			m.muli(BETA1).addi(g.mul(1 - BETA1));
			v.muli(BETA2).addi(g.square().muli(1 - BETA2));
			if (p.getShape().dimension() > 1) {
				p.muli(1 - learningRate * this.weightDecay);
			}
			NDArray update = m.div(correction1).divi(v.div(correction2).sqrt().addi(EPSILON));
			p.subi(update.muli(learningRate));
			entry.getValue().subi(entry.getValue());
		}
		return norm;
	}

	/** Steps skipped because their gradient was not finite. */
	public long skipped() {
		return this.skipped;
	}

	/** The moments as safetensors entries; the step count is the checkpoint's step. */
	List<SafeTensors.Entry> state() {
		List<SafeTensors.Entry> entries = new ArrayList<>();
		addAll(entries, FIRST_MOMENT, this.first);
		addAll(entries, SECOND_MOMENT, this.second);
		return entries;
	}

	void restore(Map<String, SafeTensors.Tensor> state, long steps) {
		restoreAll(state, FIRST_MOMENT, this.first);
		restoreAll(state, SECOND_MOMENT, this.second);
		this.steps = steps;
	}

	private static void addAll(List<SafeTensors.Entry> entries, String prefix, Map<String, NDArray> moments) {
		moments.forEach((name, array) -> entries.add(new SafeTensors.Entry(prefix + name, array.getShape().getShape(),
				() -> FloatBuffer.wrap(array.toFloatArray()))));
	}

	private static void restoreAll(Map<String, SafeTensors.Tensor> state, String prefix, Map<String, NDArray> moments) {
		moments.forEach((name, array) -> {
			SafeTensors.Tensor tensor = state.get(prefix + name);
			if (tensor == null) {
				throw new IllegalArgumentException("the optimizer state has no " + prefix + name);
			}
			FloatBuffer data = tensor.data().duplicate();
			float[] values = new float[data.remaining()];
			data.get(values);
			array.set(values);
		});
	}

	@Override
	public void close() {
		this.manager.close();
	}

}
