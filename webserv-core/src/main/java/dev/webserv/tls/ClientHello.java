package dev.webserv.tls;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads the first bytes of a connection on a TLS port before any engine sees them: is it
 * a TLS ClientHello, and which server name (SNI, RFC 6066 §3) does it ask for? The name
 * chooses the virtual server, and so the certificate and settings the engine is made
 * with. Plain HTTP ("GET / HTTP/1.1") and anything else that is not a handshake record
 * are told apart, so the first can get nginx's readable 400. Nothing is consumed: the
 * engine reads the same bytes afterwards. A ClientHello spread over several records is
 * put back together (up to {@link #MAX_BYTES}).
 */
public final class ClientHello {

	/** What the first bytes are. */
	public enum Kind {

		/** More bytes are needed to tell. */
		INCOMPLETE,
		/** A TLS ClientHello; {@link Sniffed#serverName()} is its SNI name, or null. */
		TLS,
		/** An HTTP request in clear text. */
		PLAIN_HTTP,
		/** Neither: garbage, SSLv2, another protocol. */
		NOT_TLS,
		/** A ClientHello larger than webserv reads before choosing a certificate. */
		TOO_LARGE

	}

	/** What {@link #sniff} found. */
	public record Sniffed(Kind kind, String serverName) {

		static final Sniffed INCOMPLETE = new Sniffed(Kind.INCOMPLETE, null);

	}

	/** The most bytes of records read before the ClientHello must be complete. */
	public static final int MAX_BYTES = 64 * 1024;

	private static final int HANDSHAKE_RECORD = 22;

	private static final int CLIENT_HELLO = 1;

	private static final int SERVER_NAME = 0;

	private static final int HOST_NAME = 0;

	private ClientHello() {
	}

	/** Looks at {@code in} (read mode) without moving its position. */
	public static Sniffed sniff(ByteBuffer in) {
		ByteBuffer data = in.slice();
		if (!data.hasRemaining()) {
			return Sniffed.INCOMPLETE;
		}
		int first = data.get(0) & 0xff;
		if (first != HANDSHAKE_RECORD) {
			return new Sniffed(first >= 'A' && first <= 'Z' ? Kind.PLAIN_HTTP : Kind.NOT_TLS, null);
		}
		ByteBuffer message = handshakeMessage(data);
		if (message == null) {
			return data.remaining() >= MAX_BYTES ? new Sniffed(Kind.TOO_LARGE, null) : Sniffed.INCOMPLETE;
		}
		if (message.remaining() == 0) {
			return new Sniffed(Kind.NOT_TLS, null);
		}
		try {
			return new Sniffed(Kind.TLS, serverName(message));
		}
		catch (RuntimeException malformed) {
			// the engine answers a malformed hello with its own alert
			return new Sniffed(Kind.TLS, null);
		}
	}

	/**
	 * The first handshake message put together from the records; null while incomplete,
	 * empty when the records are not a handshake at all.
	 */
	private static ByteBuffer handshakeMessage(ByteBuffer data) {
		ByteBuffer message = ByteBuffer.allocate(Math.min(MAX_BYTES, data.remaining()));
		int at = 0;
		while (true) {
			if (data.remaining() - at < 5) {
				return null;
			}
			if ((data.get(at) & 0xff) != HANDSHAKE_RECORD || (data.get(at + 1) & 0xff) != 3) {
				return ByteBuffer.allocate(0);
			}
			int length = data.getShort(at + 3) & 0xffff;
			if (data.remaining() - at - 5 < length) {
				return null;
			}
			message.put(data.slice(at + 5, length));
			at += 5 + length;
			if (message.position() >= 4) {
				int needed = 4 + ((message.get(1) & 0xff) << 16 | (message.get(2) & 0xff) << 8 | message.get(3) & 0xff);
				if (message.get(0) != CLIENT_HELLO) {
					return ByteBuffer.allocate(0);
				}
				if (message.position() >= needed) {
					return message.flip().limit(needed);
				}
			}
		}
	}

	/** The host_name of the server_name extension, or null; throws when malformed. */
	private static String serverName(ByteBuffer hello) {
		hello.position(4 + 2 + 32); // header, client_version, random
		skip(hello, hello.get() & 0xff); // session_id
		skip(hello, hello.getShort() & 0xffff); // cipher_suites
		skip(hello, hello.get() & 0xff); // compression_methods
		if (!hello.hasRemaining()) {
			return null;
		}
		int end = (hello.getShort() & 0xffff) + hello.position();
		while (hello.position() + 4 <= end) {
			int type = hello.getShort() & 0xffff;
			int length = hello.getShort() & 0xffff;
			if (type != SERVER_NAME) {
				skip(hello, length);
				continue;
			}
			int listEnd = (hello.getShort() & 0xffff) + hello.position();
			while (hello.position() + 3 <= listEnd) {
				int nameType = hello.get() & 0xff;
				byte[] name = new byte[hello.getShort() & 0xffff];
				hello.get(name);
				if (nameType == HOST_NAME) {
					return new String(name, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
				}
			}
			return null;
		}
		return null;
	}

	private static void skip(ByteBuffer buffer, int count) {
		buffer.position(buffer.position() + count);
	}

}
