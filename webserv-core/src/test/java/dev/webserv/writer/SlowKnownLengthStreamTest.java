package dev.webserv.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.Timeouts;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.TestServers;

/**
 * A stream body with a declared length whose source makes steady progress, slower than a
 * 64 KiB chunk per handler timeout.
 */
class SlowKnownLengthStreamTest {

	private static final int LENGTH = 20_000;

	@Test
	void aSteadySourceWithADeclaredLengthIsNotCutAtTheHandlerTimeout() throws Exception {
		try (Webserv server = TestServers.start(
				s -> s.route("GET", "/drip", request -> Response.ok(new byte[0], "text/plain").body(drip(), LENGTH)),
				config -> config.timeouts(Timeouts.DEFAULTS.withHandler(Duration.ofSeconds(1))));
				RawClient raw = new RawClient(server.port())) {
			raw.send("GET /drip HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

			assertThat(raw.read().body()).hasSize(LENGTH);
		}
	}

	/** 1,000 bytes every 200 ms. */
	private static InputStream drip() {
		return new InputStream() {
			private int sent;

			@Override
			public int read() {
				throw new UnsupportedOperationException();
			}

			@Override
			public int read(byte[] buffer, int offset, int length) throws IOException {
				if (sent >= LENGTH) {
					return -1;
				}
				try {
					Thread.sleep(200);
				}
				catch (InterruptedException e) {
					throw new InterruptedIOException();
				}
				int n = Math.min(length, 1000);
				Arrays.fill(buffer, offset, offset + n, (byte) 'y');
				sent += n;
				return n;
			}
		};
	}

}
