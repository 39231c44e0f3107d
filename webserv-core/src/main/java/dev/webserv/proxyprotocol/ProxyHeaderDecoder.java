package dev.webserv.proxyprotocol;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.Arrays;

import dev.webserv.proxyprotocol.ProxyHeaderException.Reason;

/**
 * Incremental, strict decoder of one PROXY protocol header (HAProxy's proxy-protocol.txt,
 * versions 1 and 2), fed whatever bytes have arrived.
 *
 * <p>
 * It consumes the header's bytes and not one more: once it returns a header, the buffer
 * is positioned on the first byte of the protocol that follows. Each byte is judged as it
 * arrives, so a connection that does not start with a header is refused at its first
 * wrong byte, and a split at any byte changes nothing.
 *
 * <p>
 * Choices where the specification leaves room:
 * <ul>
 * <li>Version 1: the line is at most 107 bytes with its CRLF, printable ASCII only; a
 * bare LF or a CR without LF is refused. "UNKNOWN" keeps the connection's own endpoints
 * (whatever follows it is ignored, §2.1). TCP6 addresses may end in dotted IPv4
 * ("::ffff:192.0.2.1"), as inet_ntop writes IPv4-mapped addresses.</li>
 * <li>Version 2: LOCAL (health checks) keeps the connection's own endpoints and its
 * address block is skipped unread, whatever its family. PROXY with AF_UNSPEC or AF_UNIX
 * stream also keeps them (the fallback §2.2 asks for); datagram protocols and undefined
 * families are refused. TLVs are skipped, each checked to end inside the header's length.
 * The whole header is bounded by {@code maxLength}.</li>
 * </ul>
 *
 * <p>
 * Not thread-safe; one decoder per connection, used once.
 */
public final class ProxyHeaderDecoder {

	/**
	 * The default bound of a whole header: v2 TLVs (TLS details, unique ids) fit well
	 * inside it.
	 */
	public static final int DEFAULT_MAX_LENGTH = 4096;

	/** The longest v1 line with its CRLF (§2.1). */
	static final int V1_MAX_LENGTH = 107;

	private static final byte[] V1_PREFIX = { 'P', 'R', 'O', 'X', 'Y', ' ' };

	private static final byte[] V2_SIGNATURE = { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54,
			0x0A };

	private static final int V2_FIXED_LENGTH = 16;

	private static final int TLV_HEADER_LENGTH = 3;

	private enum State {

		/** the first byte tells the version */
		START, V1_LINE,
		/** the CR ending the v1 line */
		V1_LF, V2_FIXED, V2_ADDRESSES, V2_TLVS,
		/** a LOCAL or UNSPEC block, skipped unread */
		V2_SKIP, DONE, FAILED

	}

	private final int maxLength;

	/**
	 * the v1 line, or the v2 fixed part followed by its address block (at most 36 bytes)
	 */
	private final byte[] bytes = new byte[V1_MAX_LENGTH];

	private State state = State.START;

	private ProxyHeaderException failure;

	private ProxyHeader header;

	private int consumed;

	private int length;

	/** v2: bytes of the block after the fixed part still to come */
	private int remaining;

	/** v2: the address block's length, and whether its bytes are kept to be decoded */
	private int addressLength;

	private boolean keepAddresses;

	private int tlvHeaderBytes;

	private int tlvValueLeft;

	public ProxyHeaderDecoder() {
		this(DEFAULT_MAX_LENGTH);
	}

	/**
	 * @param maxLength the longest v2 header accepted, fixed part and TLVs included; at
	 * least 107, so every header without TLVs fits
	 */
	public ProxyHeaderDecoder(int maxLength) {
		if (maxLength < V1_MAX_LENGTH || maxLength > V2_FIXED_LENGTH + 0xFFFF) {
			throw new IllegalArgumentException("maxLength must be 107-65551: " + maxLength);
		}
		this.maxLength = maxLength;
	}

	/**
	 * Consumes header bytes from {@code in}.
	 * @return the header once its last byte is consumed ({@code in} is then positioned
	 * just after it), or null when every byte was consumed and more are needed
	 * @throws ProxyHeaderException on any violation; the decoder then keeps refusing
	 * @throws IllegalStateException when the header was already returned
	 */
	public ProxyHeader decode(ByteBuffer in) {
		if (state == State.DONE) {
			throw new IllegalStateException("header already decoded");
		}
		if (state == State.FAILED) {
			throw failure;
		}
		try {
			while (in.hasRemaining() && state != State.DONE) {
				step(in);
			}
			return header;
		}
		catch (ProxyHeaderException e) {
			state = State.FAILED;
			failure = e;
			throw e;
		}
	}

	/** Header bytes consumed so far. */
	public int consumed() {
		return consumed;
	}

	/** Whether part of a header has arrived and the rest has not. */
	public boolean inProgress() {
		return consumed > 0 && state != State.DONE && state != State.FAILED;
	}

	private void step(ByteBuffer in) {
		switch (state) {
			case START -> start(in.get(in.position()));
			case V1_LINE -> v1Line(next(in));
			case V1_LF -> v1Lf(next(in));
			case V2_FIXED -> v2Fixed(next(in));
			case V2_ADDRESSES -> v2Address(next(in));
			case V2_TLVS -> v2Tlvs(in);
			case V2_SKIP -> v2Skip(in);
			default -> throw new IllegalStateException(state.name());
		}
	}

	private byte next(ByteBuffer in) {
		consumed++;
		return in.get();
	}

	/** Looks at the first byte without consuming it. */
	private void start(byte b) {
		if (b == V1_PREFIX[0]) {
			state = State.V1_LINE;
		}
		else if (b == V2_SIGNATURE[0]) {
			state = State.V2_FIXED;
		}
		else {
			throw new ProxyHeaderException(Reason.BAD_SIGNATURE, "the connection does not start with a PROXY header");
		}
	}

	private void v1Line(byte b) {
		if (length < V1_PREFIX.length) {
			if (b != V1_PREFIX[length]) {
				throw new ProxyHeaderException(Reason.BAD_SIGNATURE, "the connection does not start with \"PROXY \"");
			}
		}
		else if (b == '\r') {
			state = State.V1_LF;
			return;
		}
		else if (b < 0x20 || b > 0x7E) {
			throw new ProxyHeaderException(Reason.BAD_LINE, "a byte that is not printable ASCII in the PROXY line");
		}
		if (length == V1_MAX_LENGTH - 2) {
			throw new ProxyHeaderException(Reason.TOO_LONG, "no CRLF in the first 107 bytes of the PROXY line");
		}
		bytes[length++] = b;
	}

	private void v1Lf(byte b) {
		if (b != '\n') {
			throw new ProxyHeaderException(Reason.BAD_LINE, "CR not followed by LF in the PROXY line");
		}
		finish(TextHeader.parse(bytes, length));
	}

	/** The signature, then version and command, family and protocol, length. */
	private void v2Fixed(byte b) {
		if (length < V2_SIGNATURE.length && b != V2_SIGNATURE[length]) {
			throw new ProxyHeaderException(Reason.BAD_SIGNATURE, "the connection does not start with a PROXY header");
		}
		if (length == 12 && ((b & 0xF0) != 0x20 || (b & 0x0F) > 1)) {
			throw new ProxyHeaderException(Reason.BAD_VERSION, "PROXY v2 version or command unknown: " + (b & 0xFF));
		}
		bytes[length++] = b;
		if (length == V2_FIXED_LENGTH) {
			endV2Fixed();
		}
	}

	private void endV2Fixed() {
		remaining = (bytes[14] & 0xFF) << 8 | bytes[15] & 0xFF;
		if (V2_FIXED_LENGTH + remaining > maxLength) {
			throw new ProxyHeaderException(Reason.TOO_LONG, "PROXY v2 header longer than " + maxLength + " bytes");
		}
		boolean local = (bytes[12] & 0x0F) == 0;
		int family = bytes[13] & 0xFF;
		if (local || family == 0x00) {
			state = State.V2_SKIP;
		}
		else {
			addressLength = switch (family) {
				case 0x11 -> 12;
				case 0x21 -> 36;
				case 0x31 -> 216;
				default -> throw new ProxyHeaderException(Reason.UNSUPPORTED_FAMILY,
						"PROXY v2 family and protocol not TCP over IPv4, IPv6 or a UNIX stream: " + family);
			};
			if (remaining < addressLength) {
				throw new ProxyHeaderException(Reason.BAD_LENGTH, "PROXY v2 length shorter than its addresses");
			}
			keepAddresses = family != 0x31;
			remaining -= addressLength;
			state = State.V2_ADDRESSES;
		}
		endIfComplete();
	}

	private void v2Address(byte b) {
		if (keepAddresses) {
			bytes[length] = b;
		}
		length++;
		if (length == V2_FIXED_LENGTH + addressLength) {
			state = State.V2_TLVS;
			endIfComplete();
		}
	}

	/** Skips TLVs: type, two length bytes, value; each must end inside the header. */
	private void v2Tlvs(ByteBuffer in) {
		if (tlvHeaderBytes < TLV_HEADER_LENGTH) {
			if (tlvHeaderBytes == 0 && remaining < TLV_HEADER_LENGTH) {
				throw new ProxyHeaderException(Reason.BAD_LENGTH, "PROXY v2 TLV header runs past the header's length");
			}
			int b = next(in) & 0xFF;
			remaining--;
			tlvHeaderBytes++;
			tlvValueLeft = tlvHeaderBytes == 1 ? 0 : tlvValueLeft << 8 | b;
			if (tlvHeaderBytes == TLV_HEADER_LENGTH && tlvValueLeft > remaining) {
				throw new ProxyHeaderException(Reason.BAD_LENGTH, "PROXY v2 TLV value runs past the header's length");
			}
		}
		else {
			int skipped = skip(in, tlvValueLeft);
			tlvValueLeft -= skipped;
		}
		if (tlvHeaderBytes == TLV_HEADER_LENGTH && tlvValueLeft == 0) {
			tlvHeaderBytes = 0;
		}
		endIfComplete();
	}

	private void v2Skip(ByteBuffer in) {
		skip(in, remaining);
		endIfComplete();
	}

	/** Consumes up to {@code most} bytes of the header's remaining block. */
	private int skip(ByteBuffer in, int most) {
		int n = Math.min(in.remaining(), most);
		in.position(in.position() + n);
		consumed += n;
		remaining -= n;
		return n;
	}

	private void endIfComplete() {
		if (remaining > 0) {
			return;
		}
		if (state == State.V2_SKIP) {
			finish(ProxyHeader.local(2));
		}
		else if (state == State.V2_TLVS) {
			finish(keepAddresses ? v2Addresses() : ProxyHeader.local(2));
		}
	}

	private ProxyHeader v2Addresses() {
		int size = addressLength == 12 ? 4 : 16;
		int from = V2_FIXED_LENGTH;
		InetAddress source = address(Arrays.copyOfRange(bytes, from, from + size));
		InetAddress destination = address(Arrays.copyOfRange(bytes, from + size, from + 2 * size));
		int ports = from + 2 * size;
		return new ProxyHeader(2, new InetSocketAddress(source, port(ports)),
				new InetSocketAddress(destination, port(ports + 2)));
	}

	private int port(int at) {
		return (bytes[at] & 0xFF) << 8 | bytes[at + 1] & 0xFF;
	}

	static InetAddress address(byte[] raw) {
		try {
			return InetAddress.getByAddress(raw);
		}
		catch (UnknownHostException e) {
			throw new IllegalStateException("4 or 16 bytes are always an address", e);
		}
	}

	private void finish(ProxyHeader decoded) {
		header = decoded;
		state = State.DONE;
	}

}
