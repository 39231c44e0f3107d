package dev.webserv.writer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;

import dev.webserv.writer.Output.Progress;

/**
 * A file region sent zero-copy with transferTo (sendfile), in bounded steps as the socket
 * takes it.
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
	public Progress writeTo(SocketChannel channel) throws IOException {
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
