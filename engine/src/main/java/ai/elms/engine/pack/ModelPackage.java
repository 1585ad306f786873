package ai.elms.engine.pack;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * An elastic package folder: {@code manifest.json}, the tokenizer and the weights,
 * checked against each other. The weights stay memory-mapped for as long as the package
 * is reachable.
 */
public final class ModelPackage {

	public static final String MANIFEST = "manifest.json";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Path dir;

	private final PackageManifest manifest;

	private final Map<String, SafeTensors.Tensor> weights;

	private final String fingerprint;

	private ModelPackage(Path dir, PackageManifest manifest, Map<String, SafeTensors.Tensor> weights,
			String fingerprint) {
		this.dir = dir;
		this.manifest = manifest;
		this.weights = weights;
		this.fingerprint = fingerprint;
	}

	public static ModelPackage open(Path dir) throws IOException {
		Path manifestFile = dir.resolve(MANIFEST);
		if (!Files.isRegularFile(manifestFile)) {
			throw new IOException("no " + MANIFEST + " in " + dir);
		}
		PackageManifest manifest;
		try {
			manifest = JSON.readValue(manifestFile.toFile(), PackageManifest.class);
		}
		catch (JacksonException ex) {
			throw new IOException("unreadable " + manifestFile + ": " + ex.getOriginalMessage(), ex);
		}
		try {
			manifest.check();
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			throw new IOException("invalid " + manifestFile + ": " + ex.getMessage(), ex);
		}
		Path weightsFile = dir.resolve(manifest.weights());
		Map<String, SafeTensors.Tensor> weights = SafeTensors.map(weightsFile);
		checkShapes(manifest.architecture(), weights);
		return new ModelPackage(dir, manifest, weights,
				fingerprint(manifestFile, dir.resolve(manifest.tokenizer()), weightsFile));
	}

	public static void writeManifest(Path dir, PackageManifest manifest) throws IOException {
		JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(MANIFEST).toFile(), manifest);
	}

	public Path dir() {
		return this.dir;
	}

	public PackageManifest manifest() {
		return this.manifest;
	}

	public Path tokenizerFile() {
		return this.dir.resolve(this.manifest.tokenizer());
	}

	public SafeTensors.Tensor weight(String name) {
		return this.weights.get(name);
	}

	/**
	 * SHA-256 of the manifest, the tokenizer and a sample of the weights: names the
	 * package in caches.
	 */
	public String fingerprint() {
		return this.fingerprint;
	}

	private static void checkShapes(Architecture arch, Map<String, SafeTensors.Tensor> weights) throws IOException {
		int d = arch.hiddenSize();
		long q = (long) arch.heads() * arch.headDim();
		long kv = (long) arch.kvHeads() * arch.headDim();
		expect(weights, WeightNames.EMBED, arch.vocabSize(), d);
		expect(weights, WeightNames.FINAL_NORM, d);
		if (!arch.tieEmbeddings()) {
			expect(weights, WeightNames.LM_HEAD, arch.vocabSize(), d);
		}
		for (int l = 0; l < arch.layers(); l++) {
			expect(weights, WeightNames.attnNorm(l), d);
			expect(weights, WeightNames.ffnNorm(l), d);
			expect(weights, WeightNames.q(l), q, d);
			expect(weights, WeightNames.k(l), kv, d);
			expect(weights, WeightNames.v(l), kv, d);
			expect(weights, WeightNames.oTransposed(l), q, d);
			expect(weights, WeightNames.gate(l), arch.ffnSize(), d);
			expect(weights, WeightNames.up(l), arch.ffnSize(), d);
			expect(weights, WeightNames.downTransposed(l), arch.ffnSize(), d);
		}
	}

	private static void expect(Map<String, SafeTensors.Tensor> weights, String name, long... shape) throws IOException {
		SafeTensors.Tensor tensor = weights.get(name);
		if (tensor == null) {
			throw new IOException("the weights have no tensor " + name);
		}
		if (!Arrays.equals(tensor.shape(), shape)) {
			throw new IOException("tensor " + name + " has shape " + Arrays.toString(tensor.shape()) + ", expected "
					+ Arrays.toString(shape));
		}
	}

	private static String fingerprint(Path manifest, Path tokenizer, Path weights) throws IOException {
		try {
			MessageDigest digest = MessageDigest.getInstance("SHA-256");
			digest.update(Files.readAllBytes(manifest));
			digest.update(Files.readAllBytes(tokenizer));
			try (FileChannel channel = FileChannel.open(weights, StandardOpenOption.READ)) {
				long size = channel.size();
				digest.update(ByteBuffer.allocate(8).putLong(size).flip());
				ByteBuffer sample = ByteBuffer.allocate(64 * 1024);
				for (int i = 0; i < 32; i++) {
					sample.clear();
					channel.read(sample, size * i / 32);
					digest.update(sample.flip());
				}
			}
			return HexFormat.of().formatHex(digest.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
