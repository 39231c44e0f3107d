package dev.webserv.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Outputs sharing one loop's {@link WriteBuffer}, written to real sockets: each
 * connection gets its own bytes, in order, whoever else used the buffer meanwhile.
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
			readers[i].setSoTimeout(5000);
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

	private static ByteBuffer ascii(String text) {
		return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
	}

	private String read(int reader, int length) throws IOException {
		InputStream in = readers[reader].getInputStream();
		return new String(in.readNBytes(length), StandardCharsets.US_ASCII);
	}

}
