package dev.webserv.demo.webflux;

import java.io.InputStream;
import java.util.zip.CRC32;

/** {@code size} bytes where byte i is i % 251, as the demo's download writes them. */
final class PatternStream extends InputStream {

	private final long size;

	private long position;

	PatternStream(long size) {
		this.size = size;
	}

	@Override
	public int read() {
		return position < size ? (int) (position++ % 251) : -1;
	}

	@Override
	public int read(byte[] buffer, int offset, int length) {
		if (position >= size) {
			return -1;
		}
		int n = (int) Math.min(length, size - position);
		for (int i = 0; i < n; i++) {
			buffer[offset + i] = (byte) ((position + i) % 251);
		}
		position += n;
		return n;
	}

	/** The CRC-32 of the first {@code size} bytes of the pattern. */
	static long crc(long size) {
		CRC32 crc = new CRC32();
		byte[] buffer = new byte[64 * 1024];
		PatternStream stream = new PatternStream(size);
		for (int n; (n = stream.read(buffer, 0, buffer.length)) != -1;) {
			crc.update(buffer, 0, n);
		}
		return crc.getValue();
	}

}
