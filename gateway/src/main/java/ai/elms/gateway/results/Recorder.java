package ai.elms.gateway.results;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

/**
 * Writes the records behind the answers, never on the event loop: a request hands its
 * outcome over and goes on, a writer thread inserts them in batches (those that gather
 * within 10 ms of the first), one transaction per batch. A failed batch is written again
 * one record at a time: a record the database refuses for itself is logged whole and
 * dropped, the others are retried until they are written (the database may be down for a
 * while). The gateway's shutdown waits for the queue to empty, and a record it still
 * cannot write is logged whole rather than lost silently.
 */
@Component
public class Recorder implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(Recorder.class);

	private static final int BATCH = 256;

	/**
	 * How long the writer lets records gather after the first: under light load one
	 * transaction takes many records instead of one each, and the writer wakes once per
	 * batch instead of once per request.
	 */
	private static final long LINGER_MS = 10;

	private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(20);

	private final RequestRecordRepository records;

	private final BlockingQueue<RequestRecord> queue = new LinkedBlockingQueue<>();

	/** Records handed over and not yet committed. */
	private final AtomicInteger pending = new AtomicInteger();

	private volatile Thread writer;

	private volatile boolean stopping;

	Recorder(RequestRecordRepository records) {
		this.records = records;
	}

	/** Hands an outcome over to be written; returns at once. */
	public void record(RequestOutcome outcome) {
		this.pending.incrementAndGet();
		this.queue.add(new RequestRecord(outcome));
	}

	/**
	 * Waits until every record handed over so far is committed.
	 * @return false when that took longer than the timeout
	 */
	public boolean flush(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (this.pending.get() > 0) {
			if (System.nanoTime() > deadline) {
				return false;
			}
			Thread.sleep(5);
		}
		return true;
	}

	@Override
	public void start() {
		this.stopping = false;
		Thread thread = new Thread(this::write, "elms-recorder");
		thread.setDaemon(true);
		this.writer = thread;
		thread.start();
	}

	@Override
	public void stop() {
		this.stopping = true;
		Thread thread = this.writer;
		if (thread != null) {
			try {
				thread.join(SHUTDOWN_WAIT.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			thread.interrupt();
		}
		List<RequestRecord> left = new ArrayList<>();
		this.queue.drainTo(left);
		for (RequestRecord record : left) {
			logger.error("Record not written, kept here: {}", record.outcome());
		}
		this.writer = null;
	}

	@Override
	public boolean isRunning() {
		return this.writer != null;
	}

	/** Stops after the servers, which stop taking requests first. */
	@Override
	public int getPhase() {
		return SmartLifecycle.DEFAULT_PHASE - 2048;
	}

	/**
	 * After a batch failed: writes its records one at a time, so that one the database
	 * refuses for itself cannot hold the others back. A record is refused for itself when
	 * it breaks an integrity rule, or fails while others of its batch are written; it is
	 * then logged whole and dropped. The records left in the batch failed for the
	 * database's sake and are retried.
	 * @return whether any record left the batch
	 */
	private boolean writeAlone(List<RequestRecord> batch, RuntimeException batchFailure) {
		List<RequestRecord> failed = new ArrayList<>();
		List<RuntimeException> failures = new ArrayList<>();
		if (batch.size() == 1) {
			failed.add(batch.get(0));
			failures.add(batchFailure);
		}
		else {
			for (RequestRecord record : batch) {
				try {
					this.records.insertAll(List.of(record));
				}
				catch (RuntimeException ex) {
					failed.add(record);
					failures.add(ex);
				}
			}
		}
		boolean written = failed.size() < batch.size();
		List<RequestRecord> retried = new ArrayList<>();
		for (int i = 0; i < failed.size(); i++) {
			if (written || failures.get(i) instanceof DataIntegrityViolationException) {
				logger.error("The database refuses this record, kept here: {}: {}", failed.get(i).outcome(),
						failures.get(i).getMessage());
			}
			else {
				retried.add(failed.get(i));
			}
		}
		int left = batch.size() - retried.size();
		batch.clear();
		batch.addAll(retried);
		this.pending.addAndGet(-left);
		return left > 0;
	}

	private void write() {
		List<RequestRecord> batch = new ArrayList<>(BATCH);
		long backoffMs = 50;
		while (!(this.stopping && this.queue.isEmpty() && batch.isEmpty())) {
			try {
				if (batch.isEmpty()) {
					RequestRecord first = this.queue.poll(50, TimeUnit.MILLISECONDS);
					if (first == null) {
						continue;
					}
					batch.add(first);
					if (this.queue.size() < BATCH - 1 && !this.stopping) {
						Thread.sleep(LINGER_MS);
					}
					this.queue.drainTo(batch, BATCH - 1);
				}
				this.records.insertAll(batch);
				this.pending.addAndGet(-batch.size());
				batch.clear();
				backoffMs = 50;
			}
			catch (InterruptedException ex) {
				if (this.stopping) {
					this.queue.addAll(batch);
					return;
				}
			}
			catch (RuntimeException ex) {
				if (writeAlone(batch, ex)) {
					backoffMs = 50;
					continue;
				}
				logger.warn("Writing {} records failed, retrying in {} ms: {}", batch.size(), backoffMs,
						ex.getMessage());
				try {
					Thread.sleep(backoffMs);
				}
				catch (InterruptedException interrupted) {
					this.queue.addAll(batch);
					return;
				}
				backoffMs = Math.min(5_000, backoffMs * 2);
			}
		}
	}

}
