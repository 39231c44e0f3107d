package dev.webserv.writer;

import java.nio.ByteBuffer;
import java.util.Objects;

import dev.webserv.Headers;

/**
 * The last response head one event loop encoded for a response with no header fields but
 * its Content-Type, or with {@linkplain Headers#readOnly() read-only} fields (a static
 * file's validators and type, shared by every response about that version of the file),
 * kept as bytes: the next such head that would come out the same (same encoder, status,
 * Content-Type, the very same read-only fields, framing, length, Connection field and
 * Date line) is written from them, with no field encoded or checked again. A keep-alive
 * client asking for the same resource again gets the same head, but for the Date line
 * once a second. Read-only fields cannot change, so their identity stands for their
 * content. Heads longer than {@value #KEPT} bytes are not kept. Loop thread only.
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

	private Headers fields;

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
		return encode(encoder, status, contentType, null, framing, contentLength, connection, dateLine, scratch);
	}

	/**
	 * The same for a response with header fields: kept only when they are read-only (else
	 * encoded afresh, and nothing is kept).
	 * @param fields the header fields, or null for none
	 */
	public ByteBuffer encode(HeadEncoder encoder, int status, String contentType, Headers fields,
			HeadEncoder.Framing framing, long contentLength, int connection, byte[] dateLine, ByteBuffer scratch) {
		if (length > 0 && encoder == this.encoder && status == this.status && fields == this.fields
				&& framing == this.framing && contentLength == this.contentLength && connection == this.connection
				&& dateLine == this.dateLine && Objects.equals(contentType, this.contentType)) {
			return view.limit(length).position(0);
		}
		length = 0;
		this.fields = null; // no head kept: nothing of the last response held
		ByteBuffer encoded = encoder.encode(status, contentType, fields, framing, contentLength, connection, dateLine,
				scratch);
		int size = encoded.remaining();
		if (size <= KEPT && (fields == null || fields.isReadOnly())) {
			encoded.get(encoded.position(), bytes, 0, size);
			this.encoder = encoder;
			this.status = status;
			this.contentType = contentType;
			this.fields = fields;
			this.framing = framing;
			this.contentLength = contentLength;
			this.connection = connection;
			this.dateLine = dateLine;
			length = size;
		}
		return encoded;
	}

}
