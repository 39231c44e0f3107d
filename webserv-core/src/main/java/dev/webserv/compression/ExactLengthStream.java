package dev.webserv.compression;

import java.io.IOException;
import java.io.InputStream;

/**
 * A stream body with a declared length, as the compressor reads it: exactly that many
 * bytes, as the server would send it plain. A source that ends early fails (the plain
 * path closes the connection then, and so must the compressed one: a short body never
 * looks complete); bytes past the length are not read.
 */
final class ExactLengthStream extends BlockStream {

	private final InputStream source;

	private long remaining;

	ExactLengthStream(InputStream source, long length) {
		this.source = source;
		this.remaining = length;
	}

	@Override
	public int read(byte[] buffer, int offset, int length) throws IOException {
		if (remaining == 0) {
			return -1;
		}
		if (length == 0) {
			return 0;
		}
		int n = source.read(buffer, offset, (int) Math.min(length, remaining));
		if (n < 0) {
			throw new IOException("stream body ended " + remaining + " bytes before its length");
		}
		remaining -= n;
		return n;
	}

	@Override
	public int available() throws IOException {
		return (int) Math.min(remaining, source.available());
	}

	@Override
	public void close() throws IOException {
		source.close();
	}

}
