package ai.elms.node.scheduling;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import ai.elms.engine.SamplingParams;
import ai.elms.engine.orchestration.Strategy;
import ai.elms.engine.profile.LatencySlo;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SloDeadlineQueueTest {

	private final List<InferenceJob> removed = new ArrayList<>();

	private InferenceJob job(long deadlineNanos) {
		InferenceRequest request = new InferenceRequest(new int[] { 1 }, 1, SamplingParams.GREEDY, List.of(),
				LatencySlo.NONE, false, 0, null, Strategy.ELASTIC, List.of(), "");
		return new InferenceJob(request, deadlineNanos, this.removed::add);
	}

	@Test
	void takesEarliestDeadlineFirst() throws InterruptedException {
		SloDeadlineQueue queue = new SloDeadlineQueue(10);
		InferenceJob late = job(300);
		InferenceJob early = job(100);
		InferenceJob middle = job(200);
		queue.offer(late);
		queue.offer(early);
		queue.offer(middle);
		assertThat(queue.take()).isSameAs(early);
		assertThat(queue.take()).isSameAs(middle);
		assertThat(queue.take()).isSameAs(late);
	}

	@Test
	void takesEqualDeadlinesInArrivalOrder() throws InterruptedException {
		SloDeadlineQueue queue = new SloDeadlineQueue(10);
		InferenceJob first = job(100);
		InferenceJob second = job(100);
		InferenceJob third = job(100);
		queue.offer(third);
		queue.offer(first);
		queue.offer(second);
		assertThat(queue.take()).isSameAs(first);
		assertThat(queue.take()).isSameAs(second);
		assertThat(queue.take()).isSameAs(third);
	}

	@Test
	void ordersDeadlinesAcrossNanoTimeOverflow() throws InterruptedException {
		SloDeadlineQueue queue = new SloDeadlineQueue(10);
		InferenceJob beforeOverflow = job(Long.MAX_VALUE - 10);
		InferenceJob afterOverflow = job(Long.MIN_VALUE + 10);
		queue.offer(afterOverflow);
		queue.offer(beforeOverflow);
		assertThat(queue.take()).isSameAs(beforeOverflow);
	}

	@Test
	void refusesJobsBeyondCapacity() {
		SloDeadlineQueue queue = new SloDeadlineQueue(2);
		assertThat(queue.offer(job(1))).isTrue();
		assertThat(queue.offer(job(2))).isTrue();
		assertThat(queue.offer(job(3))).isFalse();
		assertThat(queue.size()).isEqualTo(2);
	}

	@Test
	void removesWaitingJobAndMakesRoom() {
		SloDeadlineQueue queue = new SloDeadlineQueue(1);
		InferenceJob waiting = job(1);
		queue.offer(waiting);
		assertThat(queue.remove(waiting)).isTrue();
		assertThat(queue.remove(waiting)).isFalse();
		assertThat(queue.offer(job(2))).isTrue();
	}

	@Test
	void cancelledJobAsksToLeaveQueueOnce() {
		InferenceJob job = job(1);
		job.cancel();
		job.cancel();
		assertThat(this.removed).containsExactly(job);
		assertThat(job.isCancelled()).isTrue();
	}

	@Test
	void takeWaitsForOffer() throws Exception {
		SloDeadlineQueue queue = new SloDeadlineQueue(1);
		CompletableFuture<InferenceJob> taken = CompletableFuture.supplyAsync(() -> {
			try {
				return queue.take();
			}
			catch (InterruptedException ex) {
				throw new IllegalStateException(ex);
			}
		});
		InferenceJob job = job(1);
		queue.offer(job);
		assertThat(taken.get(30, TimeUnit.SECONDS)).isSameAs(job);
	}

	@Test
	void drainsEveryWaitingJob() {
		SloDeadlineQueue queue = new SloDeadlineQueue(5);
		queue.offer(job(1));
		queue.offer(job(2));
		assertThat(queue.drain()).hasSize(2);
		assertThat(queue.size()).isZero();
	}

}
