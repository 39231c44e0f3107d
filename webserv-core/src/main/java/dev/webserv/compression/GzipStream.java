package dev.webserv.compression;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Reads a source and yields it gzip-compressed (RFC 1952), chunk by chunk: memory is one
 * input buffer and the deflater's window, whatever the length. The compression runs on
 * the thread that reads this stream (for a response body: the server's I/O thread, off
 * the event loop). When the source has nothing more at hand (a slow producer), what has
 * been compressed so far is flushed, so its bytes leave at once.
 */
public final class GzipStream extends BlockStream {

	private static final byte[] HEADER = { 0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff };

	private static final int INPUT = 16 * 1024;

	private final InputStream source;

	private final Deflater deflater;

	private final CRC32 crc = new CRC32();

	private final byte[] input = new byte[INPUT];

	private final byte[] trailer = new byte[8];

	private int headerSent;

	private int trailerSent = -1;

	private boolean flushing;

	private boolean closed;

	public GzipStream(InputStream source, int level) {
		this.source = source;
		this.deflater = new Deflater(level, true);
	}

	/** A whole body, compressed at once (small bodies, on the calling thread). */
	public static byte[] gzip(byte[] body, int level) {
		try (GzipStream stream = new GzipStream(new java.io.ByteArrayInputStream(body), level)) {
			return stream.readAllBytes();
		}
		catch (IOException impossible) {
			throw new IllegalStateException(impossible);
		}
	}

	@Override
	public int read(byte[] buffer, int offset, int length) throws IOException {
		if (closed) {
			throw new IOException("stream closed");
		}
		if (length == 0) {
			return 0;
		}
		if (headerSent < HEADER.length) {
			int n = Math.min(length, HEADER.length - headerSent);
			System.arraycopy(HEADER, headerSent, buffer, offset, n);
			headerSent += n;
			return n;
		}
		if (trailerSent >= 0) {
			return readTrailer(buffer, offset, length);
		}
		while (true) {
			if (flushing) {
				int n = deflater.deflate(buffer, offset, length, Deflater.SYNC_FLUSH);
				flushing = n == length; // a full buffer: more may be pending
				if (n > 0) {
					return n;
				}
			}
			int n = deflater.deflate(buffer, offset, length, Deflater.NO_FLUSH);
			if (n > 0) {
				return n;
			}
			if (deflater.finished()) {
				startTrailer();
				return readTrailer(buffer, offset, length);
			}
			if (deflater.needsInput()) {
				fill();
			}
		}
	}

	private void fill() throws IOException {
		if (deflater.finished() || trailerSent >= 0) {
			return;
		}
		int n = source.read(input, 0, input.length);
		if (n < 0) {
			deflater.finish();
			return;
		}
		crc.update(input, 0, n);
		deflater.setInput(input, 0, n);
		flushing = source.available() == 0;
	}

	private void startTrailer() {
		int size = (int) deflater.getBytesRead();
		long sum = crc.getValue();
		for (int i = 0; i < 4; i++) {
			trailer[i] = (byte) (sum >>> (8 * i));
			trailer[4 + i] = (byte) (size >>> (8 * i));
		}
		trailerSent = 0;
		deflater.end();
	}

	private int readTrailer(byte[] buffer, int offset, int length) {
		if (trailerSent == trailer.length) {
			return -1;
		}
		int n = Math.min(length, trailer.length - trailerSent);
		System.arraycopy(trailer, trailerSent, buffer, offset, n);
		trailerSent += n;
		return n;
	}

	@Override
	public void close() throws IOException {
		if (closed) {
			return;
		}
		closed = true;
		deflater.end();
		source.close();
	}

}
