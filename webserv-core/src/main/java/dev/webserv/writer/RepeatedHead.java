package dev.webserv.writer;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The last response head one event loop encoded for a response with no header fields but
 * its Content-Type, kept as bytes: the next such head that would come out the same (same
 * encoder, status, Content-Type, framing, length, Connection field and Date line) is
 * written from them, with no field encoded or checked again. A keep-alive client asking
 * for the same resource again gets the same head, but for the Date line once a second.
 * Heads longer than {@value #KEPT} bytes are not kept. Loop thread only.
 */
public final class RepeatedHead {

	static final int KEPT = 512;

	private final byte[] bytes = new byte[KEPT];

	private final ByteBuffer view = ByteBuffer.wrap(bytes);

	/** The kept head's length; 0 while none is kept. */
	private int length;

	private HeadEncoder encoder;

	private int status;

	private String contentType;

	private HeadEncoder.Framing framing;

	private long contentLength;

	private int connection;

	private byte[] dateLine;

	/**
	 * As
	 * {@link HeadEncoder#encode(int, String, dev.webserv.Headers, HeadEncoder.Framing, long, int, byte[], ByteBuffer)}
	 * with no header fields: the bytes of the last head when it is the same, else a head
	 * encoded afresh and kept. The buffer returned is valid until the next call.
	 */
	public ByteBuffer encode(HeadEncoder encoder, int status, String contentType, HeadEncoder.Framing framing,
			long contentLength, int connection, byte[] dateLine, ByteBuffer scratch) {
		if (length > 0 && encoder == this.encoder && status == this.status && framing == this.framing
				&& contentLength == this.contentLength && connection == this.connection && dateLine == this.dateLine
				&& Objects.equals(contentType, this.contentType)) {
			return view.limit(length).position(0);
		}
		length = 0;
		ByteBuffer encoded = encoder.encode(status, contentType, null, framing, contentLength, connection, dateLine,
				scratch);
		int size = encoded.remaining();
		if (size <= KEPT) {
			encoded.get(encoded.position(), bytes, 0, size);
			this.encoder = encoder;
			this.status = status;
			this.contentType = contentType;
			this.framing = framing;
			this.contentLength = contentLength;
			this.connection = connection;
			this.dateLine = dateLine;
			length = size;
		}
		return encoded;
	}

}
