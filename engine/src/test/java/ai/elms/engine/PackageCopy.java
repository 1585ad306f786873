package ai.elms.engine;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ai.elms.engine.pack.ModelPackage;
import ai.elms.engine.pack.PackageManifest;
import ai.elms.engine.pack.SafeTensors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Packages made from another one with some weights changed, to check a level against the
 * full model of a package that holds its weights outright; and the check itself.
 */
final class PackageCopy {

	/**
	 * How a tensor's values change in the copy (the array may be changed and returned).
	 */
	interface Change {

		float[] apply(SafeTensors.Tensor tensor, float[] values, Map<String, SafeTensors.Tensor> all);

	}

	private PackageCopy() {
	}

	/** Copies a package, every tensor's values passed through the change. */
	static void write(Path from, Path to, Change change) throws IOException {
		PackageManifest manifest = ModelPackage.open(from).manifest();
		Map<String, SafeTensors.Tensor> tensors = SafeTensors.map(from.resolve(manifest.weights()));
		List<SafeTensors.Entry> entries = new ArrayList<>();
		for (SafeTensors.Tensor tensor : tensors.values()) {
			entries.add(new SafeTensors.Entry(tensor.name(), tensor.shape(),
					() -> FloatBuffer.wrap(change.apply(tensor, floats(tensor.data()), tensors))));
		}
		Files.createDirectories(to);
		SafeTensors.write(to.resolve(manifest.weights()), entries);
		Files.copy(from.resolve(manifest.tokenizer()), to.resolve(manifest.tokenizer()));
		Files.copy(from.resolve(ModelPackage.MANIFEST), to.resolve(ModelPackage.MANIFEST));
	}

	static float[] floats(FloatBuffer data) {
		float[] values = new float[data.remaining()];
		data.duplicate().get(values);
		return values;
	}

	/** Two steps' logits agree to 1e-4. */
	static void assertSameLogits(FloatBuffer actual, FloatBuffer expected) {
		assertThat(actual.remaining()).isEqualTo(expected.remaining());
		for (int i = 0; i < actual.remaining(); i++) {
			assertThat(actual.get(i)).as("logit %d", i)
				.isCloseTo(expected.get(i), org.assertj.core.data.Offset.offset(1e-4f));
		}
	}

}
