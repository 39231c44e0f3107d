package dev.webserv.eventloop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class EventLoopFailuresTest {

	@Test
	void aTaskThatThrowsAnErrorIsLoggedAndTheLoopGoesOn() throws Exception {
		EventLoop loop = new EventLoop("test-loop", Duration.ofMillis(50));
		loop.start();
		try {
			loop.execute(() -> {
				throw new AssertionError("a task's own error");
			});
			loop.execute(() -> {
				throw new StackOverflowError();
			});
			CompletableFuture<String> ran = new CompletableFuture<>();
			loop.execute(() -> ran.complete(Thread.currentThread().getName()));
			assertThat(ran.get(5, TimeUnit.SECONDS)).isEqualTo("test-loop");
			assertThat(loop.isAlive()).isTrue();
		}
		finally {
			loop.stop(5000);
		}
	}

	@Test
	void aLoopKilledByAJvmErrorSaysSoAndRefusesWork() throws Exception {
		EventLoop loop = new EventLoop("test-loop", Duration.ofMillis(50));
		CompletableFuture<Throwable> death = new CompletableFuture<>();
		loop.whenDead(death::complete);
		loop.start();
		loop.execute(() -> {
			throw new OutOfMemoryError("simulated");
		});
		assertThat(death.get(5, TimeUnit.SECONDS)).isInstanceOf(OutOfMemoryError.class);
		assertThat(loop.isAlive()).isFalse();
		assertThatThrownBy(() -> loop.execute(() -> {
		})).isInstanceOf(RejectedExecutionException.class);
	}

	@Test
	void aStoppedLoopIsNotAlive() {
		EventLoop loop = new EventLoop("test-loop", Duration.ofMillis(50));
		loop.start();
		assertThat(loop.isAlive()).isTrue();
		loop.stop(5000);
		assertThat(loop.isAlive()).isFalse();
	}

	@Test
	void eachLoopHasItsOwnLoopLocalValue() throws Exception {
		LoopLocal<Object> local = new LoopLocal<>(Object::new);
		EventLoop first = new EventLoop("first", Duration.ofMillis(50));
		EventLoop second = new EventLoop("second", Duration.ofMillis(50));
		first.start();
		second.start();
		try {
			CompletableFuture<Object> a = new CompletableFuture<>();
			CompletableFuture<Object> again = new CompletableFuture<>();
			CompletableFuture<Object> b = new CompletableFuture<>();
			first.execute(() -> a.complete(local.get(first)));
			first.execute(() -> again.complete(local.get(first)));
			second.execute(() -> b.complete(local.get(second)));
			assertThat(a.get(5, TimeUnit.SECONDS)).isSameAs(again.get(5, TimeUnit.SECONDS))
				.isNotSameAs(b.get(5, TimeUnit.SECONDS));
		}
		finally {
			first.stop(5000);
			second.stop(5000);
		}
	}

}
