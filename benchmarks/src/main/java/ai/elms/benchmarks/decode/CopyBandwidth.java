package ai.elms.benchmarks.decode;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Memory bandwidth of this machine, measured as the engine would use it: a direct buffer
 * copied into another by as many threads as the engine runs, each copying its own slice.
 * The fastest copy counts, as in STREAM: on a shared machine interference only ever slows
 * a copy, and the limit is what the hardware can do.
 *
 * @param bytes size of the buffer copied
 * @param threads threads copying
 * @param copies copies timed
 * @param bestSeconds time of the fastest whole copy
 */
record CopyBandwidth(long bytes, int threads, int copies, double bestSeconds) {

	/**
	 * Bytes moved per second counting the read and the write of every byte: the figure
	 * the bandwidth limit uses.
	 */
	double readWriteBytesPerSecond() {
		return 2 * this.bytes / this.bestSeconds;
	}

	/** Bytes copied per second, counting each byte once. */
	double copyBytesPerSecond() {
		return this.bytes / this.bestSeconds;
	}

	/** The better of two measurements, taken for example before and after a benchmark. */
	CopyBandwidth best(CopyBandwidth other) {
		CopyBandwidth faster = (other.bestSeconds < this.bestSeconds) ? other : this;
		return new CopyBandwidth(this.bytes, this.threads, this.copies + other.copies, faster.bestSeconds);
	}

	static CopyBandwidth measure(int mib, int threads, int repeats) throws InterruptedException {
		long bytes = (long) mib << 20;
		if (bytes > Integer.MAX_VALUE) {
			throw new IllegalArgumentException("--copy-mib must be below 2048");
		}
		ByteBuffer source = ByteBuffer.allocateDirect((int) bytes);
		ByteBuffer target = ByteBuffer.allocateDirect((int) bytes);
		for (int i = 0; i < source.capacity(); i += 4096) {
			source.put(i, (byte) i);
		}
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			copy(source, target, threads, pool);
			double best = Double.POSITIVE_INFINITY;
			for (int r = 0; r < repeats; r++) {
				long start = System.nanoTime();
				copy(source, target, threads, pool);
				best = Math.min(best, (System.nanoTime() - start) / 1e9);
			}
			return new CopyBandwidth(bytes, threads, repeats, best);
		}
		finally {
			pool.shutdownNow();
		}
	}

	private static void copy(ByteBuffer source, ByteBuffer target, int threads, ExecutorService pool)
			throws InterruptedException {
		int slice = source.capacity() / threads;
		List<Future<?>> copies = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int from = t * slice;
			int length = (t == threads - 1) ? source.capacity() - from : slice;
			copies.add(pool.submit(() -> target.slice(from, length).put(source.slice(from, length))));
		}
		for (Future<?> copy : copies) {
			try {
				copy.get();
			}
			catch (ExecutionException ex) {
				throw new IllegalStateException(ex.getCause());
			}
		}
	}

}
