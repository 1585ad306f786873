package ai.elms.node.scheduling;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Waiting jobs, earliest deadline first (ties in arrival order), at most {@code capacity}
 * of them. Thread-safe: the event loop offers and removes, workers take.
 */
final class SloDeadlineQueue {

	/**
	 * Deadlines are {@link System#nanoTime()} values: compare by difference, not by
	 * value.
	 */
	static final Comparator<InferenceJob> EARLIEST_DEADLINE_FIRST = (a, b) -> {
		int byDeadline = Long.signum(a.deadlineNanos() - b.deadlineNanos());
		return (byDeadline != 0) ? byDeadline : Long.compare(a.sequence(), b.sequence());
	};

	private final int capacity;

	private final PriorityQueue<InferenceJob> jobs = new PriorityQueue<>(EARLIEST_DEADLINE_FIRST);

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition notEmpty = this.lock.newCondition();

	SloDeadlineQueue(int capacity) {
		this.capacity = capacity;
	}

	int capacity() {
		return this.capacity;
	}

	/** Adds a job unless the queue is full. */
	boolean offer(InferenceJob job) {
		this.lock.lock();
		try {
			if (this.jobs.size() >= this.capacity) {
				return false;
			}
			this.jobs.add(job);
			this.notEmpty.signal();
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/** The job with the earliest deadline, waiting for one if the queue is empty. */
	InferenceJob take() throws InterruptedException {
		this.lock.lockInterruptibly();
		try {
			while (this.jobs.isEmpty()) {
				this.notEmpty.await();
			}
			return this.jobs.poll();
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Removes a job that has not been taken; false if it was not waiting. */
	boolean remove(InferenceJob job) {
		this.lock.lock();
		try {
			return this.jobs.remove(job);
		}
		finally {
			this.lock.unlock();
		}
	}

	/** Removes and returns every waiting job. */
	List<InferenceJob> drain() {
		this.lock.lock();
		try {
			List<InferenceJob> drained = new ArrayList<>(this.jobs);
			this.jobs.clear();
			return drained;
		}
		finally {
			this.lock.unlock();
		}
	}

	int size() {
		this.lock.lock();
		try {
			return this.jobs.size();
		}
		finally {
			this.lock.unlock();
		}
	}

}
