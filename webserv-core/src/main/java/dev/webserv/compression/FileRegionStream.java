package dev.webserv.compression;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A region of a file as a stream, opened on the first read, so that opening and reading
 * happen on the thread that reads it (the server's I/O thread), never where the response
 * was made. A file that ends before its region does (truncated while served) fails the
 * stream: a shorter body must never end like a complete one.
 */
final class FileRegionStream extends BlockStream {

	private final Path file;

	private final long offset;

	private long remaining;

	private FileChannel channel;

	/**
	 * @param length bytes to read, or -1 for to the end
	 */
	FileRegionStream(Path file, long offset, long length) {
		this.file = file;
		this.offset = offset;
		this.remaining = length < 0 ? Long.MAX_VALUE : length;
	}

	@Override
	public int read(byte[] buffer, int off, int length) throws IOException {
		if (channel == null) {
			// a FIFO would hold this thread in open(2) until a writer came
			if (!Files.readAttributes(file, BasicFileAttributes.class).isRegularFile()) {
				throw new IOException(file + " is not a regular file");
			}
			channel = FileChannel.open(file);
			channel.position(offset);
		}
		if (remaining == 0) {
			return -1;
		}
		int n = channel.read(ByteBuffer.wrap(buffer, off, (int) Math.min(length, remaining)));
		if (n > 0) {
			remaining -= n;
		}
		else if (n < 0 && remaining != Long.MAX_VALUE) {
			throw new IOException(file + " ended " + remaining + " bytes before its region");
		}
		return n;
	}

	@Override
	public int available() throws IOException {
		return channel == null ? 0 : (int) Math.min(Integer.MAX_VALUE,
				Math.min(remaining, Math.max(0, channel.size() - channel.position())));
	}

	@Override
	public void close() throws IOException {
		if (channel != null) {
			channel.close();
		}
	}

}
