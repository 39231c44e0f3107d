package dev.webserv.connection;

import java.nio.ByteBuffer;

import dev.webserv.config.Limits;
import dev.webserv.parser.BadRequestException;
import dev.webserv.parser.ChunkedDecoder;
import dev.webserv.parser.Rejection;
import dev.webserv.parser.RequestHead;

/**
 * The framing of one request body, Content-Length or chunked: finds the body's data in
 * the bytes that arrive, and enforces the body limit. Loop thread only.
 */
final class BodyFraming {

	private final long contentLength;

	private final ChunkedDecoder chunked;

	private final long limit;

	private long received;

	/**
	 * @param limit bytes, 0 = no limit
	 */
	BodyFraming(RequestHead head, long limit, Limits limits) {
		this.contentLength = head.chunked() ? -1 : Math.max(0, head.contentLength());
		this.chunked = head.chunked() ? new ChunkedDecoder(limits.maxRequestLineLength(), limits.maxHeaderSize(), limit)
				: null;
		this.limit = limit;
	}

	/**
	 * The next run of body data in {@code in}: a slice of it ({@code in} advanced past),
	 * valid only as long as {@code in} is; null when {@code in} holds no more data now.
	 * @throws BadRequestException when the framing is broken or the body too large
	 */
	ByteBuffer next(ByteBuffer in) {
		ByteBuffer data;
		if (chunked == null) {
			int take = (int) Math.min(in.remaining(), contentLength - received);
			if (take == 0) {
				return null;
			}
			data = in.slice(in.position(), take);
			in.position(in.position() + take);
		}
		else {
			data = chunked.next(in);
			if (data == null) {
				return null;
			}
		}
		if (limit > 0 && received + data.remaining() > limit) {
			throw new BadRequestException(Rejection.BODY_TOO_LARGE);
		}
		received += data.remaining();
		return data;
	}

	/** Whether the whole body has been read (for chunked: the trailer too). */
	boolean complete() {
		return chunked == null ? received == contentLength : chunked.isDone();
	}

	long received() {
		return received;
	}

	/** The body bytes still to come: -1 when unknown (chunked). */
	long remaining() {
		return chunked == null ? contentLength - received : -1;
	}

}
