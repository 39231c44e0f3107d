package dev.webserv.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.webserv.writer.Output.Progress;

/**
 * Outputs sharing one loop's {@link WriteBuffer}, written to real sockets: each
 * connection gets its own bytes, in order, whoever else used the buffer meanwhile. A body
 * (a file) queued after a head that waits in the shared buffer leaves the head there, so
 * it is neither copied nor overtaken.
 */
class OutputTest {

	private ServerSocketChannel server;

	private SocketChannel[] channels = new SocketChannel[2];

	private Socket[] readers = new Socket[2];

	@BeforeEach
	void connect() throws IOException {
		server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
		for (int i = 0; i < 2; i++) {
			readers[i] = new Socket("127.0.0.1", server.socket().getLocalPort());
			readers[i].setSoTimeout(10_000);
			channels[i] = server.accept();
		}
	}

	@AfterEach
	void close() throws IOException {
		for (int i = 0; i < 2; i++) {
			channels[i].close();
			readers[i].close();
		}
		server.close();
	}

	@Test
	void writesSmallPartsFromTheSharedBufferInOneGo() throws IOException {
		WriteBuffer shared = new WriteBuffer(1024);
		Output output = new Output(shared);

		output.append(ascii("head\r\n"));
		output.append("body".getBytes(StandardCharsets.US_ASCII));

		assertThat(shared.holds(output)).isTrue();
		assertThat(output.flush(channels[0])).isEqualTo(Output.Progress.DONE);
		assertThat(output.bytesWritten()).isEqualTo(10);
		assertThat(output.isEmpty()).isTrue();
		assertThat(read(0, 10)).isEqualTo("head\r\nbody");
	}

	@Test
	void keepsEachConnectionsBytesApartWhenAnotherTakesTheBuffer() throws IOException {
		WriteBuffer shared = new WriteBuffer(1024);
		Output first = new Output(shared);
		Output second = new Output(shared);

		first.append(ascii("first-1 "));
		second.append(ascii("second-1 "));
		first.append(ascii("first-2"));
		second.append(ascii("second-2"));

		assertThat(first.flush(channels[0])).isEqualTo(Output.Progress.DONE);
		assertThat(second.flush(channels[1])).isEqualTo(Output.Progress.DONE);
		assertThat(read(0, 15)).isEqualTo("first-1 first-2");
		assertThat(read(1, 17)).isEqualTo("second-1 second-2");
	}

	@Test
	void queuesWhatDoesNotFitAfterWhatDid() throws IOException {
		WriteBuffer shared = new WriteBuffer(16);
		Output output = new Output(shared);

		output.append(ascii("0123456789"));
		output.append(ascii("abcdefghij"));
		byte[] large = "L".repeat(Output.COPY_LIMIT + 1).getBytes(StandardCharsets.US_ASCII);
		output.append(large);

		assertThat(output.flush(channels[0])).isEqualTo(Output.Progress.DONE);
		assertThat(read(0, 20 + large.length)).isEqualTo("0123456789abcdefghij" + "L".repeat(large.length));
	}

	@Test
	void forgetsEverythingOnRelease() throws IOException {
		WriteBuffer shared = new WriteBuffer(1024);
		Output output = new Output(shared);
		output.append(ascii("never sent"));
		output.add(ByteBuffer.wrap(new byte[10_000]));

		output.release();

		assertThat(output.isEmpty()).isTrue();
		assertThat(shared.holds(output)).isFalse();
		assertThat(output.flush(channels[0])).isEqualTo(Output.Progress.DONE);
		assertThat(output.bytesWritten()).isZero();
	}

	@Test
	void theHeadStaysInTheSharedBufferAndLeavesFirst() throws IOException {
		WriteBuffer shared = new WriteBuffer(1024);
		Output output = new Output(shared);

		output.append(ascii("head "));
		output.add(new BytesBody("body"));

		assertThat(shared.holds(output)).as("not copied out").isTrue();
		assertThat(output.flush(channels[0])).isEqualTo(Progress.DONE);
		assertThat(read(0, 9)).isEqualTo("head body");
	}

	@Test
	void anotherConnectionTakingTheBufferBeforeTheWriteKeepsTheOrder() throws IOException {
		WriteBuffer shared = new WriteBuffer(1024);
		Output first = new Output(shared);
		Output second = new Output(shared);

		first.append(ascii("head-1 "));
		first.add(new BytesBody("body-1 "));
		second.append(ascii("other "));
		first.append(ascii("head-2 "));
		first.add(new BytesBody("body-2"));
		second.append(ascii("bytes"));

		assertThat(first.flush(channels[0])).isEqualTo(Progress.DONE);
		assertThat(second.flush(channels[1])).isEqualTo(Progress.DONE);
		assertThat(read(0, 27)).isEqualTo("head-1 body-1 head-2 body-2");
		assertThat(read(1, 11)).isEqualTo("other bytes");
	}

	@Test
	void aHeadTheSocketTakesOnlyPartOfIsFinishedBeforeTheBody() throws Exception {
		channels[0].configureBlocking(false);
		channels[0].setOption(StandardSocketOptions.SO_SNDBUF, 64 * 1024);
		WriteBuffer shared = new WriteBuffer(8 * 1024 * 1024);
		Output output = new Output(shared);
		Output other = new Output(shared);
		byte[] head = "h".repeat(6 * 1024 * 1024).getBytes(StandardCharsets.US_ASCII);
		output.append(ByteBuffer.wrap(head));
		output.add(new BytesBody("body"));

		assertThat(output.flush(channels[0])).as("the reader reads nothing yet").isEqualTo(Progress.BLOCKED);
		other.append(ascii("other"));
		CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> readAll(0, head.length + 4));
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
		while (output.flush(channels[0]) != Progress.DONE) {
			assertThat(System.nanoTime() - deadline).as("the reader drains the socket").isNegative();
			Thread.onSpinWait();
		}

		String text = new String(received.get(10, TimeUnit.SECONDS), StandardCharsets.US_ASCII);
		assertThat(text).hasSize(head.length + 4).startsWith("hhhh").endsWith("hbody");
		assertThat(other.flush(channels[1])).isEqualTo(Progress.DONE);
		assertThat(read(1, 5)).isEqualTo("other");
	}

	/** Writes its bytes as the socket takes them, as a file body does. */
	private static final class BytesBody implements Output.Body {

		private final ByteBuffer bytes;

		BytesBody(String text) {
			this.bytes = ascii(text);
		}

		@Override
		public Progress writeTo(GatheringByteChannel channel) throws IOException {
			channel.write(bytes);
			return bytes.hasRemaining() ? Progress.BLOCKED : Progress.DONE;
		}

		@Override
		public long written() {
			return bytes.position();
		}

		@Override
		public void release() {
		}

	}

	private static ByteBuffer ascii(String text) {
		return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
	}

	private String read(int reader, int length) throws IOException {
		InputStream in = readers[reader].getInputStream();
		return new String(in.readNBytes(length), StandardCharsets.US_ASCII);
	}

	private byte[] readAll(int reader, int length) {
		try {
			ByteArrayOutputStream all = new ByteArrayOutputStream(length);
			all.write(readers[reader].getInputStream().readNBytes(length));
			return all.toByteArray();
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}

}
