package dev.webserv.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.webserv.Handler;
import dev.webserv.Headers;
import dev.webserv.Request;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.events.AccessRecord;
import dev.webserv.events.RequestLog;
import dev.webserv.testing.Await;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.RecordingEvents;
import dev.webserv.testing.TestServers;

/**
 * What a handler is given stays its own: the server reuses its exchanges, head arrays and
 * identical parsed heads across requests, never the Request, its head or headers. A
 * handler that keeps them reads its own values after later requests on the same
 * connection, identical or not, one at a time or pipelined.
 */
class ExchangeReuseTest {

	private Webserv server;

	private final List<Request> kept = new CopyOnWriteArrayList<>();

	private final List<Headers> keptHeaders = new CopyOnWriteArrayList<>();

	private final RecordingEvents events = new RecordingEvents();

	@AfterEach
	void stop() {
		if (server != null) {
			server.stop();
		}
	}

	private void start() {
		Handler keeping = Handler.nonBlocking(request -> {
			kept.add(request);
			keptHeaders.add(request.headers());
			return Response.ok(request.path() + " " + request.header("X-N") + " " + request.query());
		});
		server = TestServers.start(s -> s.route("GET", "/k/{n}", keeping)
			.route("GET", "/same", keeping)
			.route("POST", "/post", keeping)
			.route("GET", "/blocking", request -> {
				kept.add(request);
				return Response.ok("blocking " + request.header("X-N"));
			}), config -> config.ioThreads(1).events(events));
	}

	@Test
	void aKeptRequestKeepsItsValuesAfterTheNextRequestsOnItsConnection() throws Exception {
		start();
		try (RawClient raw = new RawClient(server.port())) {
			for (int i = 0; i < 4; i++) {
				raw.send("GET /k/" + i + "?q=" + i + " HTTP/1.1\r\nHost: x\r\nX-N: " + i + "\r\n\r\n");
				assertThat(raw.read().bodyText()).isEqualTo("/k/" + i + " " + i + " q=" + i);
			}
		}
		assertThat(kept).hasSize(4);
		for (int i = 0; i < 4; i++) {
			Request request = kept.get(i);
			assertThat(request.path()).isEqualTo("/k/" + i);
			assertThat(request.pathVariable("n")).isEqualTo(String.valueOf(i));
			assertThat(request.queryParameter("q")).isEqualTo(String.valueOf(i));
			assertThat(request.header("X-N")).isEqualTo(String.valueOf(i));
			assertThat(keptHeaders.get(i).get("X-N")).isEqualTo(String.valueOf(i));
			assertThat(request.body().isEmpty()).isTrue();
		}
	}

	@Test
	void identicalHeadsShareAnImmutableHeadButNeverARequest() throws Exception {
		start();
		try (RawClient raw = new RawClient(server.port())) {
			for (int i = 0; i < 3; i++) {
				raw.send("GET /same HTTP/1.1\r\nHost: x\r\nX-N: same\r\n\r\n");
				assertThat(raw.read().bodyText()).isEqualTo("/same same null");
			}
			// a different head after identical ones: the kept ones are untouched
			raw.send("GET /same HTTP/1.1\r\nHost: x\r\nX-N: other\r\n\r\n");
			assertThat(raw.read().bodyText()).isEqualTo("/same other null");
		}
		assertThat(kept).hasSize(4);
		assertThat(kept.get(0)).isNotSameAs(kept.get(1));
		assertThat(kept.get(1).head()).isSameAs(kept.get(0).head());
		assertThat(kept.get(3).head()).isNotSameAs(kept.get(0).head());
		for (int i = 0; i < 3; i++) {
			assertThat(kept.get(i).header("X-N")).isEqualTo("same");
		}
		assertThat(kept.get(3).header("X-N")).isEqualTo("other");
	}

	@Test
	void aRequestsHeadersAreReadOnly() throws Exception {
		server = TestServers.start(s -> s.route("GET", "/add", Handler.nonBlocking(request -> {
			try {
				request.headers().add("X-Mine", "1");
				return Response.ok("added");
			}
			catch (UnsupportedOperationException e) {
				return Response.ok("read-only");
			}
		})));
		try (RawClient raw = new RawClient(server.port())) {
			for (int i = 0; i < 2; i++) {
				raw.send("GET /add HTTP/1.1\r\nHost: x\r\n\r\n");
				assertThat(raw.read().bodyText()).isEqualTo("read-only");
			}
		}
	}

	@Test
	void pipelinedRequestsEachKeepTheirOwnValuesAndEvents() throws Exception {
		start();
		StringBuilder batch = new StringBuilder();
		for (int i = 0; i < 20; i++) {
			if (i % 5 == 4) {
				batch.append("GET /blocking HTTP/1.1\r\nHost: x\r\nX-N: " + i + "\r\n\r\n");
			}
			else if (i % 5 == 3) {
				batch.append("POST /post HTTP/1.1\r\nHost: x\r\nX-N: " + i + "\r\nContent-Length: 2\r\n\r\nhi");
			}
			else {
				batch.append("GET /k/" + i + " HTTP/1.1\r\nHost: x\r\nX-N: " + i + "\r\n\r\n");
			}
		}
		try (RawClient raw = new RawClient(server.port())) {
			raw.send(batch.toString());
			for (int i = 0; i < 20; i++) {
				String body = raw.read().bodyText();
				if (i % 5 == 4) {
					assertThat(body).isEqualTo("blocking " + i);
				}
				else if (i % 5 == 3) {
					assertThat(body).isEqualTo("/post " + i + " null");
				}
				else {
					assertThat(body).isEqualTo("/k/" + i + " " + i + " null");
				}
			}
		}
		assertThat(kept).hasSize(20);
		for (int i = 0; i < 20; i++) {
			assertThat(kept.get(i).header("X-N")).isEqualTo(String.valueOf(i));
		}
		Await.until("20 requests logged", () -> events.accesses.size() == 20 && events.completed.size() == 20);
		for (int i = 0; i < 20; i++) {
			AccessRecord access = events.accesses.get(i);
			assertThat(access.connectionRequests()).isEqualTo(i + 1);
			assertThat(access.request().header("X-N")).isEqualTo(String.valueOf(i));
			assertThat(access.status()).isEqualTo(200);
			RequestLog log = events.completed.get(i);
			String route = i % 5 == 4 ? "/blocking" : i % 5 == 3 ? "/post" : "/k/{n}";
			assertThat(log.route()).isEqualTo(route);
		}
	}

	@Test
	void twoConnectionsInterleavedOnOneLoopKeepTheirOwnRequests() throws Exception {
		start();
		try (RawClient a = new RawClient(server.port()); RawClient b = new RawClient(server.port())) {
			// a head split across reads holds its array while the other connection parses
			a.send("GET /k/a HTTP/1.1\r\nHost: x\r\nX-");
			b.send("GET /k/b HTTP/1.1\r\nHost: x\r\nX-N: b\r\n\r\n");
			assertThat(b.read().bodyText()).isEqualTo("/k/b b null");
			a.send("N: a\r\n\r\n");
			assertThat(a.read().bodyText()).isEqualTo("/k/a a null");
			b.send("GET /k/a HTTP/1.1\r\nHost: x\r\nX-N: a\r\n\r\n");
			assertThat(b.read().bodyText()).isEqualTo("/k/a a null");
		}
		assertThat(kept).extracting(request -> request.header("X-N")).containsExactly("b", "a", "a");
	}

}
