package dev.webserv.boot.reactive;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import dev.webserv.Headers;
import dev.webserv.HttpExchange;
import dev.webserv.Request;
import dev.webserv.TlsInfo;

/**
 * An exchange whose response body, once {@link #start() started}, is gzip-encoded (RFC
 * 1952: a raw deflate stream between a 10-byte header and a CRC-32 and size trailer): a
 * flush is a deflate sync flush, so each server-sent event still leaves alone. Until
 * started it passes everything through. The starter may not use the core's
 * {@code compression} package (internal), hence this small encoder.
 * <p>
 * Calls come one at a time (the body writer waits for each write future before the next,
 * the end waits for the last write); an abort may come from the event loop meanwhile, and
 * only ends the deflater, whose next use then fails the write.
 */
final class GzipExchange implements HttpExchange {

	private static final byte[] HEADER = { 0x1f, (byte) 0x8b, Deflater.DEFLATED, 0, 0, 0, 0, 0, 0, (byte) 0xff };

	/** gzip level 1, as the core compresses: most of the gain for little CPU. */
	private static final int LEVEL = 1;

	private final HttpExchange exchange;

	private final CRC32 crc = new CRC32();

	private final byte[] out = new byte[8192];

	private Deflater deflater;

	private long size;

	private boolean headerWritten;

	GzipExchange(HttpExchange exchange) {
		this.exchange = exchange;
	}

	/** From now on the body is compressed (called at the commit, before any write). */
	void start() {
		deflater = new Deflater(LEVEL, true);
		exchange.onAbort(cause -> deflater.end());
	}

	@Override
	public CompletableFuture<Void> write(ByteBuffer data) {
		if (deflater == null) {
			return exchange.write(data);
		}
		try {
			ByteArrayOutputStream compressed = new ByteArrayOutputStream();
			header(compressed);
			size += data.remaining();
			crc.update(data.duplicate());
			deflater.setInput(data);
			while (!deflater.needsInput()) {
				compressed.write(out, 0, deflater.deflate(out));
			}
			return compressed.size() == 0 ? CompletableFuture.completedFuture(null)
					: exchange.write(ByteBuffer.wrap(compressed.toByteArray()));
		}
		catch (RuntimeException e) { // the deflater ended by an abort
			return CompletableFuture.failedFuture(e);
		}
	}

	@Override
	public CompletableFuture<Void> flush() {
		if (deflater == null) {
			return exchange.flush();
		}
		try {
			ByteArrayOutputStream compressed = new ByteArrayOutputStream();
			header(compressed);
			drain(compressed, Deflater.SYNC_FLUSH);
			CompletableFuture<Void> written = compressed.size() == 0 ? CompletableFuture.completedFuture(null)
					: exchange.write(ByteBuffer.wrap(compressed.toByteArray()));
			return written.thenCompose(ignored -> exchange.flush());
		}
		catch (RuntimeException e) {
			return CompletableFuture.failedFuture(e);
		}
	}

	@Override
	public CompletableFuture<Void> end() {
		if (deflater == null) {
			return exchange.end();
		}
		try {
			ByteArrayOutputStream compressed = new ByteArrayOutputStream();
			header(compressed);
			deflater.finish();
			while (!deflater.finished()) {
				compressed.write(out, 0, deflater.deflate(out));
			}
			deflater.end();
			writeIntLittleEndian(compressed, (int) crc.getValue());
			writeIntLittleEndian(compressed, (int) size);
			return exchange.write(ByteBuffer.wrap(compressed.toByteArray())).thenCompose(ignored -> exchange.end());
		}
		catch (RuntimeException e) {
			return CompletableFuture.failedFuture(e);
		}
	}

	private void header(ByteArrayOutputStream compressed) {
		if (!headerWritten) {
			headerWritten = true;
			compressed.write(HEADER, 0, HEADER.length);
		}
	}

	private void drain(ByteArrayOutputStream compressed, int flush) {
		int length;
		do {
			length = deflater.deflate(out, 0, out.length, flush);
			compressed.write(out, 0, length);
		}
		while (length == out.length);
	}

	private static void writeIntLittleEndian(ByteArrayOutputStream target, int value) {
		for (int i = 0; i < 4; i++) {
			target.write(value >>> (8 * i));
		}
	}

	/** A file region goes out as it is: the response was not compressed (zero-copy). */
	@Override
	public CompletableFuture<Void> write(Path file, long offset, long length) {
		return exchange.write(file, offset, length);
	}

	@Override
	public Request.Head head() {
		return exchange.head();
	}

	@Override
	public InetSocketAddress remoteAddress() {
		return exchange.remoteAddress();
	}

	@Override
	public InetSocketAddress localAddress() {
		return exchange.localAddress();
	}

	@Override
	public String scheme() {
		return exchange.scheme();
	}

	@Override
	public TlsInfo tls() {
		return exchange.tls();
	}

	@Override
	public long requestContentLength() {
		return exchange.requestContentLength();
	}

	@Override
	public Flow.Publisher<ByteBuffer> requestBody() {
		return exchange.requestBody();
	}

	@Override
	public Headers responseHeaders() {
		return exchange.responseHeaders();
	}

	@Override
	public void status(int status) {
		exchange.status(status);
	}

	@Override
	public boolean committed() {
		return exchange.committed();
	}

	@Override
	public void onAbort(Consumer<Throwable> callback) {
		exchange.onAbort(callback);
	}

	@Override
	public void abort(Throwable cause) {
		exchange.abort(cause);
	}

}
