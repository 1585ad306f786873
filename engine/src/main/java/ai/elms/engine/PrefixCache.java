package ai.elms.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tiny model's work on the blocks of system parts it read last, each block by the
 * prompt's tokens up to its end (a block is reused only after the same tokens): the
 * decision branch's keys and values of the block's tokens, and its keep logits per SLO
 * bucket pair. The least recently used block goes first. Thread-safe.
 */
final class PrefixCache {

	/** What the tiny model computed for one block. */
	static final class Block {

		private final float[] keysAndValues;

		private final Map<Integer, float[]> keepLogits = new ConcurrentHashMap<>();

		private Block(float[] keysAndValues) {
			this.keysAndValues = keysAndValues;
		}

		/** [block tokens * 2 * hidden]: the same for every SLO. */
		float[] keysAndValues() {
			return this.keysAndValues;
		}

		/** The block's keep logits for an SLO bucket pair, or null if not computed. */
		float[] keepLogits(int buckets) {
			return this.keepLogits.get(buckets);
		}

	}

	/** A block's key: the prompt's tokens from its start to the block's end. */
	private record Key(int[] tokens, int hash) {

		static Key of(int[] prompt, int end) {
			int[] tokens = Arrays.copyOf(prompt, end);
			return new Key(tokens, Arrays.hashCode(tokens));
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof Key key && key.hash == this.hash && Arrays.equals(key.tokens, this.tokens);
		}

		@Override
		public int hashCode() {
			return this.hash;
		}

	}

	private final int blockSize;

	private final Map<Key, Block> blocks;

	/**
	 * @param blockSize tokens a block
	 * @param capacity blocks kept
	 */
	PrefixCache(int blockSize, int capacity) {
		this.blockSize = blockSize;
		this.blocks = new LinkedHashMap<>(16, 0.75f, true) {
			@Override
			protected boolean removeEldestEntry(Map.Entry<Key, Block> eldest) {
				return size() > capacity;
			}
		};
	}

	/**
	 * The work on the prompt's first blocks, up to {@code most}, for an SLO bucket pair:
	 * as many as are kept, in order.
	 */
	synchronized List<Block> lookUp(int[] prompt, int most, int buckets) {
		List<Block> found = new ArrayList<>();
		for (int b = 0; b < most; b++) {
			Block block = this.blocks.get(Key.of(prompt, (b + 1) * this.blockSize));
			if (block == null || block.keepLogits(buckets) == null) {
				break;
			}
			found.add(block);
		}
		return found;
	}

	/**
	 * Keeps the work on the prompt's blocks {@code from} to {@code to} (exclusive) for an
	 * SLO bucket pair.
	 * @param keysAndValues those of the tokens from block {@code from}'s start on
	 * @param keepLogits likewise
	 */
	synchronized void keep(int[] prompt, int from, int to, float[] keysAndValues, float[] keepLogits, int buckets) {
		int width = keysAndValues.length / keepLogits.length;
		for (int b = from; b < to; b++) {
			int start = (b - from) * this.blockSize;
			float[] kv = Arrays.copyOfRange(keysAndValues, start * width, (start + this.blockSize) * width);
			this.blocks.computeIfAbsent(Key.of(prompt, (b + 1) * this.blockSize), (key) -> new Block(kv)).keepLogits
				.put(buckets, Arrays.copyOfRange(keepLogits, start, start + this.blockSize));
		}
	}

	/** Blocks kept. */
	synchronized int size() {
		return this.blocks.size();
	}

}
