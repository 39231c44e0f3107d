package dev.webserv.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.events.AccessRecord;
import dev.webserv.events.RequestLog;
import dev.webserv.testing.Await;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.RecordingEvents;
import dev.webserv.testing.TestServers;

/**
 * The event loop reads the clock once per wake-up, yet a request begun and answered
 * within one wake-up is timed to its last byte written: its duration is never the zero
 * two readings of the same cached time would give, and a handler's own time on the loop
 * counts.
 */
class RequestDurationTest {

	private static final long SPIN_NANOS = TimeUnit.MILLISECONDS.toNanos(30);

	private final RecordingEvents events = new RecordingEvents();

	private Webserv server;

	@AfterEach
	void stop() {
		if (server != null) {
			server.stop();
		}
	}

	@Test
	void aHandlerThatTakes30MsOnTheLoopIsTimedAtLeast30Ms() throws Exception {
		start();
		long beforeMillis = System.currentTimeMillis();

		try (RawClient client = new RawClient(server.port())) {
			assertThat(client.send("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n").read().status()).isEqualTo(200);
		}

		Await.until("the completion and the access record",
				() -> !events.completed.isEmpty() && !events.accesses.isEmpty());
		long afterMillis = System.currentTimeMillis();
		RequestLog completed = events.completed.get(0);
		AccessRecord access = events.accesses.get(0);
		assertThat(completed.durationNanos()).isGreaterThanOrEqualTo(SPIN_NANOS);
		assertThat(access.durationNanos()).isGreaterThanOrEqualTo(SPIN_NANOS);
		// the time it ended: after the handler's 30 ms
		assertThat(access.timeMillis()).isBetween(beforeMillis + 28, afterMillis + 2);
	}

	@Test
	void aRequestAnsweredWithinOneWakeUpHasADuration() throws Exception {
		start();

		try (RawClient client = new RawClient(server.port())) {
			for (int i = 0; i < 20; i++) {
				assertThat(client.send("GET /fast HTTP/1.1\r\nHost: a\r\n\r\n").read().status()).isEqualTo(200);
			}
		}

		Await.until("20 completions and access records",
				() -> events.completed.size() == 20 && events.accesses.size() == 20);
		assertThat(events.completed).allSatisfy(log -> assertThat(log.durationNanos()).isPositive());
		assertThat(events.accesses).allSatisfy(record -> assertThat(record.durationNanos()).isPositive());
	}

	@Test
	void pipelinedRequestsAnsweredInOneWriteAreTimedFromWhenTheyArrivedToThatWrite() throws Exception {
		start();

		try (RawClient client = new RawClient(server.port())) {
			client.send("GET /slow HTTP/1.1\r\nHost: a\r\n\r\nGET /slow HTTP/1.1\r\nHost: a\r\n\r\n");
			assertThat(client.read().status()).isEqualTo(200);
			assertThat(client.read().status()).isEqualTo(200);
		}

		Await.until("two completions", () -> events.completed.size() == 2);
		// both arrived in one read and left in one write: the second waited for the
		// first handler as well as its own, as its client did
		assertThat(events.completed.get(0).durationNanos()).isGreaterThanOrEqualTo(SPIN_NANOS);
		assertThat(events.completed.get(1).durationNanos()).isGreaterThanOrEqualTo(2 * SPIN_NANOS);
	}

	private void start() {
		server = TestServers.start(s -> s.route("GET", "/slow", Handler.nonBlocking(request -> {
			spin(SPIN_NANOS);
			return Response.ok("slow");
		})).route("GET", "/fast", Handler.nonBlocking(request -> Response.ok("fast"))), c -> c.events(events));
	}

	private static void spin(long nanos) {
		long end = System.nanoTime() + nanos;
		while (System.nanoTime() - end < 0) {
			Thread.onSpinWait();
		}
	}

}
