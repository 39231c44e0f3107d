package dev.webserv.proxyprotocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test helpers: PROXY headers as bytes, and feeding them to a decoder in pieces. */
final class ProxyWire {

	static final byte[] SIGNATURE = { 0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A };

	static final int PROXY = 0x21;

	static final int LOCAL = 0x20;

	private ProxyWire() {
	}

	static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.ISO_8859_1);
	}

	/**
	 * A v2 header: signature, version and command, family, the block's length, the block.
	 */
	static byte[] v2(int versionCommand, int family, byte[] block) {
		return v2(versionCommand, family, block.length, block);
	}

	/** A v2 header whose length field says {@code length}, whatever the block holds. */
	static byte[] v2(int versionCommand, int family, int length, byte[] block) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(SIGNATURE);
		out.write(versionCommand);
		out.write(family);
		out.write(length >> 8);
		out.write(length);
		out.writeBytes(block);
		return out.toByteArray();
	}

	/** Bytes written as hex pairs, for address blocks. */
	static byte[] hex(String hex) {
		return java.util.HexFormat.of().parseHex(hex.replace(" ", ""));
	}

	static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

	static byte[] tlv(int type, int length) {
		byte[] tlv = new byte[3 + length];
		tlv[0] = (byte) type;
		tlv[1] = (byte) (length >> 8);
		tlv[2] = (byte) length;
		Arrays.fill(tlv, 3, tlv.length, (byte) 'v');
		return tlv;
	}

	/**
	 * Feeds the pieces in order; describes the header and the bytes left after it, or the
	 * rejection, or "waiting".
	 */
	static String outcome(List<byte[]> pieces) {
		ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
		int given = 0;
		for (int i = 0; i < pieces.size(); i++) {
			ByteBuffer in = ByteBuffer.wrap(pieces.get(i));
			given += in.remaining();
			ProxyHeader header;
			try {
				header = decoder.decode(in);
			}
			catch (ProxyHeaderException e) {
				return "rejected " + e.reason();
			}
			if (header != null) {
				StringBuilder rest = new StringBuilder(
						new String(pieces.get(i), in.position(), in.remaining(), StandardCharsets.ISO_8859_1));
				for (int j = i + 1; j < pieces.size(); j++) {
					rest.append(new String(pieces.get(j), StandardCharsets.ISO_8859_1));
				}
				return header + " after " + decoder.consumed() + " then [" + rest + "]";
			}
			if (in.hasRemaining() || decoder.consumed() != given) {
				return "waiting with bytes unread";
			}
		}
		return "waiting";
	}

	static String whole(byte[] wire) {
		return outcome(List.of(wire));
	}

	static List<byte[]> split(byte[] wire, int cut) {
		return List.of(Arrays.copyOfRange(wire, 0, cut), Arrays.copyOfRange(wire, cut, wire.length));
	}

	static List<byte[]> oneByteAtATime(byte[] wire) {
		List<byte[]> pieces = new ArrayList<>(wire.length);
		for (byte b : wire) {
			pieces.add(new byte[] { b });
		}
		return pieces;
	}

}
