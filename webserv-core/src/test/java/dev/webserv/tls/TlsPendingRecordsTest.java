package dev.webserv.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.Timeouts;
import dev.webserv.testing.TestCa;

/**
 * A response's last TLS records may wait in the transport's own buffer after the output
 * has handed them over: the socket was full. The write deadline must still run then,
 * whoever the output thinks has the bytes. Clients that ask for a response with
 * {@code Connection: close} and never read are swept over response sizes around what the
 * socket holds, so that one of them fills it during the last file buffer: every one must
 * be closed at the write timeout (then the lingering close), none held for ever.
 */
class TlsPendingRecordsTest {

	/** The sizes tried, either side of what a socket holds, and their step. */
	private static final int SPREAD = 384 * 1024;

	private static final int STEP = 16 * 1024;

	@TempDir
	Path dir;

	@Test
	@Disabled("""
			defect: Connection.flush tells Deadlines the output is empty (sendingSince = -1, no write \
			deadline) when Output has handed its last bytes to the TlsWriter although the writer still \
			holds records the full socket did not take (TlsTransport.flush returns BLOCKED); in CLOSING \
			no other deadline runs, so a TLS client that asks for a response with Connection: close and \
			stops reading when the socket fills during the last file buffer is held for ever (2 of 49 \
			sizes here); with keep-alive the same connection goes IDLE and rests until the idle timeout \
			instead of the write timeout. Passing output.isEmpty() && progress != BLOCKED to \
			deadlines.flushed closes all 49 in 1.7 s (local experiment, connection/ is not this review's)\
			""")
	void aClientThatStopsReadingIsClosedAtTheWriteTimeoutWhateverTheResponseSize() throws Exception {
		// TLS records carry 16 KiB of the response in about 16,406 bytes
		int holds = (int) (socketHolds() * 16384L / 16406);
		Path file = dir.resolve("large.bin");
		try (RandomAccessFile created = new RandomAccessFile(file.toFile(), "rw")) {
			created.setLength(holds + SPREAD + STEP);
		}
		Timeouts timeouts = Timeouts.DEFAULTS.withWrite(Duration.ofSeconds(1)).withIdle(Duration.ofSeconds(60));
		List<Socket> clients = new ArrayList<>();
		try (Webserv server = TlsServers.start(
				s -> s.route("GET", "/bytes/{n}",
						r -> Response.status(200).body(file, 0, Long.parseLong(r.pathVariable("n")))),
				config -> config.timeouts(timeouts))) {
			for (int size = Math.max(STEP, holds - SPREAD); size <= holds + SPREAD; size += STEP) {
				SSLSocket socket = TlsSockets.open(server.port(), "localhost", TestCa.get().clientContext());
				clients.add(socket);
				socket.getOutputStream()
					.write(("GET /bytes/" + size + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
						.getBytes(StandardCharsets.US_ASCII));
			}
			// the write timeout (1 s) and the lingering close (2 s), with room to spare
			long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
			while (server.statistics().connections() > 0 && System.nanoTime() - deadline < 0) {
				Thread.sleep(50);
			}
			assertThat(server.statistics().connections())
				.as("connections of the %d the server still holds", clients.size())
				.isZero();
		}
		finally {
			for (Socket client : clients) {
				client.close();
			}
		}
	}

	/** Bytes a socket on this machine takes before a client that does not read. */
	private static int socketHolds() throws IOException {
		try (ServerSocketChannel listener = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
				Socket client = new Socket()) {
			client.connect(listener.getLocalAddress(), 5000);
			try (SocketChannel accepted = listener.accept()) {
				accepted.configureBlocking(false);
				ByteBuffer bytes = ByteBuffer.allocate(64 * 1024);
				long total = 0;
				int idle = 0;
				while (idle < 20) {
					int written = accepted.write(bytes.clear());
					if (written == 0) {
						idle++;
						sleep();
					}
					else {
						idle = 0;
						total += written;
					}
				}
				assertThat(accepted.getOption(StandardSocketOptions.SO_SNDBUF)).isPositive();
				return (int) Math.min(total, 64L * 1024 * 1024);
			}
		}
	}

	private static void sleep() {
		try {
			Thread.sleep(10);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

}
