package dev.webserv.testing;

import java.io.InputStream;
import java.util.Arrays;

/**
 * A stream of zeros of a given length, made as it is read (a large body in no memory).
 */
public final class ZeroStream extends InputStream {

	private long remaining;

	public ZeroStream(long length) {
		this.remaining = length;
	}

	@Override
	public int read() {
		if (remaining == 0) {
			return -1;
		}
		remaining--;
		return 0;
	}

	@Override
	public int read(byte[] buffer, int offset, int length) {
		if (remaining == 0) {
			return -1;
		}
		int count = (int) Math.min(length, remaining);
		Arrays.fill(buffer, offset, offset + count, (byte) 0);
		remaining -= count;
		return count;
	}

}
