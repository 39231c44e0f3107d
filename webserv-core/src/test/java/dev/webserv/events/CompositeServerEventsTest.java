package dev.webserv.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.webserv.testing.RecordingEvents;
import dev.webserv.testing.ThrowingEvents;

class CompositeServerEventsTest {

	private final Logger logger = Logger.getLogger(CompositeServerEvents.class.getName());

	private final List<LogRecord> logged = new CopyOnWriteArrayList<>();

	private final Handler capture = new Handler() {

		@Override
		public void publish(LogRecord record) {
			logged.add(record);
		}

		@Override
		public void flush() {
		}

		@Override
		public void close() {
		}

	};

	@BeforeEach
	void captureLog() {
		logger.addHandler(capture);
	}

	@AfterEach
	void releaseLog() {
		logger.removeHandler(capture);
	}

	@Test
	void aListenerThatThrowsDoesNotStopTheOthersNorReachTheCaller() {
		RecordingEvents before = new RecordingEvents();
		RecordingEvents after = new RecordingEvents();
		ServerEvents events = ServerEvents.of(before, new ThrowingEvents(), after);
		RequestLog log = new RequestLog("l", "GET", "/", 200, 1, null);
		assertThatNoException().isThrownBy(() -> {
			events.connectionOpened("l");
			events.requestStarted("l");
			events.requestCompleted(log);
			events.parseError("l", RejectionReason.BAD_CHUNK);
			events.timeout("l", TimeoutPhase.IDLE);
			events.handlerFailed("/", new IllegalStateException());
			events.connectionRejected("l");
			events.connectionClosed("l", 1, 2, 3, 1);
		});
		for (RecordingEvents recorded : List.of(before, after)) {
			assertThat(recorded.opened).hasValue(1);
			assertThat(recorded.started).hasValue(1);
			assertThat(recorded.completed).containsExactly(log);
			assertThat(recorded.parseErrors).containsExactly(RejectionReason.BAD_CHUNK);
			assertThat(recorded.timeouts).containsExactly(TimeoutPhase.IDLE);
			assertThat(recorded.handlerErrors).hasSize(1);
			assertThat(recorded.rejected).hasValue(1);
			assertThat(recorded.closed).hasValue(1);
		}
	}

	@Test
	void everyEventReachesTheListenersAfterOneThatThrows() throws Exception {
		List<String> told = new CopyOnWriteArrayList<>();
		ServerEvents after = (ServerEvents) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { ServerEvents.class }, (proxy, method, args) -> {
					told.add(method.getName());
					return null;
				});
		ServerEvents events = ServerEvents.of(new ThrowingEvents(), after);
		List<String> all = new java.util.ArrayList<>();
		for (Method method : ServerEvents.class.getDeclaredMethods()) {
			if (Modifier.isStatic(method.getModifiers())) {
				continue;
			}
			assertThat(ThrowingEvents.class.getMethod(method.getName(), method.getParameterTypes()).getDeclaringClass())
				.as("ThrowingEvents throws from " + method.getName())
				.isEqualTo(ThrowingEvents.class);
			Object[] args = new Object[method.getParameterCount()];
			for (int i = 0; i < args.length; i++) {
				args[i] = placeholder(method.getParameterTypes()[i]);
			}
			method.invoke(events, args);
			all.add(method.getName());
		}
		assertThat(told).containsExactlyElementsOf(all);
	}

	private static Object placeholder(Class<?> type) {
		if (type == long.class) {
			return 0L;
		}
		if (type == int.class) {
			return 0;
		}
		if (type == boolean.class) {
			return false;
		}
		return type.isEnum() ? type.getEnumConstants()[0] : null;
	}

	@Test
	void logsTheFirstFailureWithItsStackTraceThenAtMostOneLinePerInterval() {
		ServerEvents events = new CompositeServerEvents(Long.MAX_VALUE / 4, new ThrowingEvents());
		for (int i = 0; i < 1000; i++) {
			events.requestStarted("l");
		}
		assertThat(logged).hasSize(1);
		assertThat(logged.get(0).getThrown()).isInstanceOf(IllegalStateException.class);
		assertThat(logged.get(0).getMessage()).contains("requestStarted");
	}

	@Test
	void countsTheFailuresItDidNotLog() {
		ServerEvents events = new CompositeServerEvents(0, new ThrowingEvents());
		events.requestStarted("l");
		events.requestStarted("l");
		assertThat(logged).hasSize(2);
		assertThat(logged.get(1).getThrown()).isNull();
		assertThat(logged.get(1).getMessage()).contains("1 listener failures");
	}

	@Test
	void anErrorOfTheVirtualMachinePassesThroughOnceEveryListenerWasTold() {
		RecordingEvents after = new RecordingEvents();
		ServerEvents events = ServerEvents.of(new ServerEvents() {
			@Override
			public void connectionOpened(String listener) {
				throw new OutOfMemoryError("test");
			}
		}, after);
		org.assertj.core.api.Assertions.assertThatThrownBy(() -> events.connectionOpened("l"))
			.isInstanceOf(OutOfMemoryError.class);
		assertThat(after.opened).hasValue(1);
	}

	@Test
	void theReasonTypeMirrorsTheParsersRejectionsNameForNameWithTheirStatus() {
		for (dev.webserv.parser.Rejection rejection : dev.webserv.parser.Rejection.values()) {
			assertThat(RejectionReason.valueOf(rejection.name()).status()).as(rejection.name())
				.isEqualTo(rejection.status());
		}
		assertThat(RejectionReason.values()).hasSameSizeAs(dev.webserv.parser.Rejection.values());
	}

}
