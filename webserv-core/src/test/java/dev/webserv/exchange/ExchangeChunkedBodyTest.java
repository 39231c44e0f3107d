package dev.webserv.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.webserv.Webserv;
import dev.webserv.testing.BodyCollector;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.TestServers;

/**
 * A chunked request body with extensions and trailers reaches an exchange's subscriber as
 * its data alone, whole, however the client splits it, and the request pipelined behind
 * it is read where the body ends (a probe of the hunt4 review).
 */
class ExchangeChunkedBodyTest {

	private static final String CHUNKED = "5;name=value;quoted=\"a b\"\r\nhello\r\n"
			+ "6;ext\r\n world\r\n0;last=1\r\nTrailer-One: 1\r\nTrailer-Two: two\r\n\r\n";

	private static final String PROBE = "GET /probe HTTP/1.1\r\nHost: x\r\n\r\n";

	private Webserv server;

	@BeforeEach
	void start() {
		server = TestServers.start(s -> s.exchange("POST", "/echo", BodyCollector.then((exchange, body) -> {
			exchange.write(ByteBuffer.wrap(body));
			exchange.end();
		})).exchange("GET", "/probe", exchange -> BodyCollector.answer(exchange, "probe")));
	}

	@AfterEach
	void stop() {
		server.stop();
	}

	@Test
	void extensionsAndTrailersAreFramingNotData() throws Exception {
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + CHUNKED + PROBE);
			assertThat(raw.read().bodyText()).isEqualTo("hello world");
			assertThat(raw.read().bodyText()).isEqualTo("probe");
		}
	}

	@Test
	void aBodySentOneByteAtATimeArrivesWhole() throws Exception {
		try (RawClient raw = new RawClient(server.port())) {
			raw.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
			for (char c : (CHUNKED + PROBE).toCharArray()) {
				raw.send(String.valueOf(c));
			}
			assertThat(raw.read().bodyText()).isEqualTo("hello world");
			assertThat(raw.read().bodyText()).isEqualTo("probe");
		}
	}

}
