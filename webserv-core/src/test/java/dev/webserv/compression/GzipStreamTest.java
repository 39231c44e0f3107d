package dev.webserv.compression;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GzipStreamTest {

	@ParameterizedTest(name = "{0} bytes")
	@ValueSource(ints = { 0, 1, 100, 16 * 1024 - 1, 16 * 1024, 16 * 1024 + 1, 300_000 })
	void compressesWhatGunzipRestores(int size) throws IOException {
		byte[] data = sample(size);
		for (int level : new int[] { 1, 6, 9 }) {
			assertThat(gunzip(GzipStream.gzip(data, level))).isEqualTo(data);
			// read in awkward pieces: one byte, then odd sizes
			try (GzipStream stream = new GzipStream(new ByteArrayInputStream(data), level)) {
				ByteArrayOutputStream out = new ByteArrayOutputStream();
				int first = stream.read();
				if (first >= 0) {
					out.write(first);
				}
				byte[] buffer = new byte[7];
				for (int n; (n = stream.read(buffer, 0, buffer.length)) >= 0;) {
					out.write(buffer, 0, n);
				}
				assertThat(gunzip(out.toByteArray())).isEqualTo(data);
			}
		}
	}

	@ParameterizedTest(name = "{0} bytes")
	@ValueSource(ints = { 1, 5000, 100_000 })
	void aSourceThatTricklesIsCompressedAsItComes(int size) throws IOException {
		byte[] data = sample(size);
		// available() == 0 after each read: every piece is flushed out at once
		InputStream trickle = new InputStream() {
			private int next;

			@Override
			public int read() {
				return next < data.length ? data[next++] & 0xff : -1;
			}

			@Override
			public int read(byte[] b, int off, int len) {
				if (next == data.length) {
					return -1;
				}
				int n = Math.min(Math.min(len, 333), data.length - next);
				System.arraycopy(data, next, b, off, n);
				next += n;
				return n;
			}
		};
		try (GzipStream stream = new GzipStream(trickle, 1)) {
			assertThat(gunzip(stream.readAllBytes())).isEqualTo(data);
		}
	}

	static byte[] sample(int size) {
		Random random = new Random(size);
		byte[] data = new byte[size];
		String words = "the quick brown fox jumps over the lazy dog ";
		for (int i = 0; i < size; i++) {
			data[i] = i % 97 == 0 ? (byte) random.nextInt()
					: (byte) words.charAt((i + random.nextInt(3)) % words.length());
		}
		return data;
	}

	static byte[] gunzip(byte[] gzipped) throws IOException {
		try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
			return in.readAllBytes();
		}
	}

}
