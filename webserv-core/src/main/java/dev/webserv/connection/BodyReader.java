package dev.webserv.connection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

import dev.webserv.RequestBody;
import dev.webserv.parser.BadRequestException;
import dev.webserv.parser.ChunkedDecoder;
import dev.webserv.parser.Rejection;
import dev.webserv.parser.RequestHead;

/**
 * Collects one request body, framed by Content-Length or chunked, up to its limit: in memory up to a
 * threshold, then in a temporary file (so a large upload never sits in the heap).
 */
final class BodyReader {

	private final long contentLength;
	private final ChunkedDecoder chunked;
	private final long limit;
	private final int memoryThreshold;
	private byte[] memory;
	private Path spillPath;
	private FileChannel spill;
	private long received;

	/** @param limit bytes, 0 = no limit */
	BodyReader(RequestHead head, long limit, int memoryThreshold, int maxChunkLine, int maxTrailer) {
		this.contentLength = head.chunked() ? -1 : head.contentLength();
		this.chunked = head.chunked() ? new ChunkedDecoder(maxChunkLine, maxTrailer) : null;
		this.limit = limit;
		this.memoryThreshold = memoryThreshold;
		int initial = contentLength >= 0 ? (int) Math.min(contentLength, memoryThreshold) : 1024;
		this.memory = new byte[initial];
	}

	long received() {
		return received;
	}

	/** Takes what it can from {@code in}; true once the whole body is here. */
	boolean consume(ByteBuffer in) {
		if (chunked == null) {
			int take = (int) Math.min(in.remaining(), contentLength - received);
			ByteBuffer data = in.slice(in.position(), take);
			in.position(in.position() + take);
			append(data);
			return received == contentLength;
		}
		ByteBuffer data;
		while ((data = chunked.next(in)) != null) {
			append(data);
		}
		return chunked.isDone();
	}

	private void append(ByteBuffer data) {
		int length = data.remaining();
		if (length == 0) {
			return;
		}
		if (limit > 0 && received + length > limit) {
			throw new BadRequestException(Rejection.BODY_TOO_LARGE);
		}
		try {
			if (spill == null && received + length <= memoryThreshold) {
				if (received + length > memory.length) {
					memory = Arrays.copyOf(memory, (int) Math.min(memoryThreshold, Math.max(memory.length * 2L,
							received + length)));
				}
				data.get(memory, (int) received, length);
			}
			else {
				if (spill == null) {
					startSpill();
				}
				while (data.hasRemaining()) {
					spill.write(data);
				}
			}
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		received += length;
	}

	private void startSpill() throws IOException {
		spillPath = Files.createTempFile("webserv-body-", ".tmp");
		spill = FileChannel.open(spillPath, StandardOpenOption.WRITE);
		spill.write(ByteBuffer.wrap(memory, 0, (int) received));
		memory = null;
	}

	/** The complete body; the reader is spent. */
	RequestBody finish() {
		if (spill == null) {
			return RequestBody.inMemory(memory, (int) received);
		}
		try {
			spill.close();
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
		return RequestBody.inFile(spillPath, received);
	}

	/** Drops a body that will never complete, deleting its temporary file. */
	void discard() {
		if (spill != null) {
			try {
				spill.close();
				Files.deleteIfExists(spillPath);
			}
			catch (IOException ignored) {
				// the temp directory's cleaner will take it
			}
		}
		memory = null;
	}
}
