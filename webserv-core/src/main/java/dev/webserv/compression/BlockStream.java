package dev.webserv.compression;

import java.io.IOException;
import java.io.InputStream;

/** A stream that only reads in blocks: a single byte is a block of one. */
abstract class BlockStream extends InputStream {

	@Override
	public final int read() throws IOException {
		byte[] one = new byte[1];
		int n = read(one, 0, 1);
		return n < 0 ? -1 : one[0] & 0xff;
	}

	@Override
	public abstract int read(byte[] buffer, int offset, int length) throws IOException;

}
