package dev.webserv;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * One request and its response, answered asynchronously: the request body streams in with
 * demand, the response streams out with write futures.
 * <p>
 * <b>Threads.</b> Every method may be called from any thread: a call off the connection's
 * event loop hops onto it (in order, per calling thread), so the effect happens soon, not
 * at once. Futures complete, and callbacks run, on the event loop: their continuations
 * must not block. An exchange bounds the calls waiting to hop (and the bytes queued): a
 * producer past those bounds has its exchange aborted, so a writer should wait for its
 * write futures.
 * <p>
 * <b>Deadlines.</b> The same as any request's: header, body gap and minimum rate while
 * the body is demanded, write stall and minimum rate while output is pending; the handler
 * timeout until the response is committed, restarted whenever the exchange makes progress
 * (a body buffer delivered, demand, a write); after the commit, the idle timeout between
 * two calls of the handler (a server-sent event stream needs a heartbeat within it).
 * <p>
 * <b>Completion.</b> The exchange is over when the last byte of its response has been
 * written (the future of {@link #end()} completes) or when it was aborted
 * ({@link #onAbort} is told). One exchange at a time per connection: pipelined requests
 * wait for it.
 */
public interface HttpExchange {

	/** The request line and header fields: method, target, path, query, version, host. */
	Request.Head head();

	/**
	 * The client's address: the one a PROXY protocol header or a trusted proxy named,
	 * else the socket's peer.
	 */
	InetSocketAddress remoteAddress();

	/** The address the client connected to (as a PROXY protocol header named it). */
	InetSocketAddress localAddress();

	/** "http" (and "https" once the connection runs TLS). */
	String scheme();

	/**
	 * What the connection's TLS handshake agreed: protocol, cipher suite, SNI name and
	 * the client's verified certificates.
	 * @return null on a plain connection
	 */
	default TlsInfo tls() {
		return null;
	}

	/**
	 * The request body's declared length.
	 * @return the Content-Length; -1 when chunked, 0 when there is no body
	 */
	long requestContentLength();

	/**
	 * The request body, for ONE subscriber (a second one gets onError). Socket reading
	 * follows demand: no demand, no reads, and TCP pushes back on the client. Each
	 * {@code onNext} buffer belongs to the subscriber (the server never reuses it). One
	 * unit of demand is one buffer, of at most 128 KiB. {@code onComplete} comes at the
	 * end of the body (Content-Length reached or last chunk; at once when there is no
	 * body); {@code onError} when the client goes away, the body is malformed or too
	 * large (the exchange then answers 400 or 413 itself if not committed), or a deadline
	 * passes. {@code Expect: 100-continue} is answered when demand first arrives (not
	 * when the response was committed first). What a handler leaves unread (it never
	 * subscribed, cancelled, or ended first) is read and dropped after the response, up
	 * to 1 MiB within the body timeout, so the connection serves on; a larger rest, or
	 * one the client was never asked for (100-continue withheld), closes the connection
	 * after the response.
	 */
	Flow.Publisher<ByteBuffer> requestBody();

	/** The response header fields: mutable until committed (no effect after). */
	Headers responseHeaders();

	/**
	 * Sets the response status; 200 by default.
	 * @param status a final status, 200 to 599
	 * @throws IllegalArgumentException for a status out of 200..599
	 * @throws IllegalStateException when the response is already committed
	 */
	void status(int status);

	/** Whether the status and headers have been committed (queued for the socket). */
	boolean committed();

	/**
	 * Commits (status and headers) if not yet, then queues the bytes. A Content-Length
	 * header set by the handler is honoured (more bytes abort the exchange, fewer at
	 * {@link #end()} abort it too); without one the body is chunked on HTTP/1.1 and
	 * delimited by the connection's close on HTTP/1.0. HEAD, 204 and 304 send no body
	 * (the bytes are dropped).
	 * @param data read before the future completes; do not change it until then
	 * @return completes when the bytes were handed to the socket, or at once while the
	 * bytes queued stay under the high-water mark (64 KiB, copied then); fails when the
	 * client is gone or the exchange was aborted
	 */
	CompletableFuture<Void> write(ByteBuffer data);

	/**
	 * Commits if not yet, then queues a region of a file, sent zero-copy (transferTo on
	 * plain TCP).
	 * @return completes once the region was handed to the socket
	 */
	CompletableFuture<Void> write(Path file, long offset, long length);

	/**
	 * Commits if not yet and pushes everything queued to the socket now: each server-sent
	 * event, written then flushed, reaches the client alone.
	 * @return completes when everything queued before it was handed to the socket
	 */
	CompletableFuture<Void> flush();

	/**
	 * Ends the response, committing it first if needed (with Content-Length: 0 when
	 * nothing was written).
	 * @return completes when the last byte was written; fails when the client left first
	 */
	CompletableFuture<Void> end();

	/**
	 * Tells {@code callback}, once and on the event loop, if the client goes away or the
	 * exchange is aborted before {@link #end()} completed, with the cause (null for a
	 * plain close by the client). Registered after the abort, it is told at once. Every
	 * callback registered is told, in order; more than 64 on one exchange abort it.
	 */
	void onAbort(Consumer<Throwable> callback);

	/**
	 * Aborts the exchange: the connection closes, nothing more is sent. For errors after
	 * the commit (before it, answering an error status is kinder). Pending futures fail
	 * and the body subscriber gets onError.
	 * @param cause why, for the logs and events
	 */
	void abort(Throwable cause);

}
