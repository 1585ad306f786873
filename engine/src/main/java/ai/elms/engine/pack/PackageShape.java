package ai.elms.engine.pack;

/**
 * The shape of a generated package.
 *
 * @param name model name written in the manifest
 * @param hiddenSize width of the residual stream
 * @param layers decoder layers
 * @param heads query heads
 * @param kvHeads key/value heads
 * @param headDim width of a head
 * @param ffnSize feed-forward width
 * @param vocabSize vocabulary size, at least 260 (bytes and chat markers)
 * @param contextLength context length
 * @param tieEmbeddings whether the output head is the embedding matrix
 */
public record PackageShape(String name, int hiddenSize, int layers, int heads, int kvHeads, int headDim, int ffnSize,
		int vocabSize, int contextLength, boolean tieEmbeddings) {

	/** For tests: runs a request in milliseconds. */
	public static final PackageShape TINY = new PackageShape("elms-tiny", 64, 2, 4, 2, 16, 128, 384, 256, false);

	/**
	 * A random model the size the embedded default was before model-lab trained one (the
	 * benchmarks' {@code default} shape).
	 */
	public static final PackageShape DEFAULT = new PackageShape("elms-default", 256, 6, 8, 4, 32, 768, 4096, 1024,
			true);

	/** A realistic on-device shape for benchmarks: about 0.5B parameters. */
	public static final PackageShape REALISTIC = new PackageShape("elms-realistic-0.5b", 896, 24, 14, 2, 64, 4864,
			151936, 2048, true);

	public static PackageShape named(String name) {
		return switch (name) {
			case "tiny" -> TINY;
			case "default" -> DEFAULT;
			case "realistic" -> REALISTIC;
			default -> throw new IllegalArgumentException("unknown shape '" + name + "' (tiny, default, realistic)");
		};
	}

	Architecture architecture() {
		return new Architecture(this.hiddenSize, this.layers, this.heads, this.kvHeads, this.headDim, this.ffnSize,
				this.vocabSize, this.contextLength, 10000, 1e-5, this.tieEmbeddings);
	}

}
