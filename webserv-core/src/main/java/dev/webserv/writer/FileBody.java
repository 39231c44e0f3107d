package dev.webserv.writer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.GatheringByteChannel;

import dev.webserv.writer.Output.Progress;

/**
 * A file region sent zero-copy with transferTo (sendfile), in bounded steps as the socket
 * takes it; to a {@link CopyingChannel} (TLS), read into the large direct buffer it lends
 * and written from there.
 */
public final class FileBody implements Output.Body {

	private static final long STEP = 1024 * 1024;

	private final FileChannel file;

	private long position;

	private final long end;

	private long written;

	public FileBody(FileChannel file, long offset, long length) {
		this.file = file;
		this.position = offset;
		this.end = offset + length;
	}

	@Override
	public Progress writeTo(GatheringByteChannel channel) throws IOException {
		if (channel instanceof CopyingChannel copying) {
			return copyTo(copying);
		}
		while (position < end) {
			long sent = file.transferTo(position, Math.min(STEP, end - position), channel);
			if (sent == 0) {
				if (position >= file.size()) {
					throw new Output.SourceException("file shrank while being sent", null);
				}
				return Progress.BLOCKED;
			}
			position += sent;
			written += sent;
		}
		return Progress.DONE;
	}

	/**
	 * Reads a buffer's worth and writes what the channel takes; what it does not take is
	 * read again next time (the channel takes at least a buffer's worth when it has
	 * room).
	 */
	private Progress copyTo(CopyingChannel channel) throws IOException {
		while (position < end) {
			ByteBuffer buffer = channel.fileBuffer();
			buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
			int read = file.read(buffer, position);
			if (read <= 0) {
				throw new Output.SourceException("file shrank while being sent", null);
			}
			buffer.flip();
			int sent = channel.write(buffer);
			position += sent;
			written += sent;
			if (buffer.hasRemaining()) {
				return Progress.BLOCKED;
			}
		}
		return Progress.DONE;
	}

	@Override
	public long written() {
		return written;
	}

	@Override
	public void release() {
		try {
			file.close();
		}
		catch (IOException ignored) {
			// nothing more to do with a file we only read
		}
	}

}
