package ai.elms.benchmarks.switching;

import java.nio.ByteBuffer;

/**
 * Evicts the CPU caches by writing one byte per cache line of a buffer larger than the
 * last-level cache. Run before every measured request of both conditions, it leaves both
 * equally cold, so what remains of the ratio is not the warmth that a repeated small
 * level keeps in the cache.
 */
final class CacheFlush {

	private static final int CACHE_LINE = 64;

	private final ByteBuffer buffer;

	private byte value;

	CacheFlush(int mib) {
		this.buffer = ByteBuffer.allocateDirect(mib << 20);
	}

	void flush() {
		this.value++;
		for (int i = 0; i < this.buffer.capacity(); i += CACHE_LINE) {
			this.buffer.put(i, this.value);
		}
	}

}
