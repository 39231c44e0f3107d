package dev.webserv.proxyprotocol;

import static dev.webserv.proxyprotocol.ProxyWire.LOCAL;
import static dev.webserv.proxyprotocol.ProxyWire.PROXY;
import static dev.webserv.proxyprotocol.ProxyWire.ascii;
import static dev.webserv.proxyprotocol.ProxyWire.concat;
import static dev.webserv.proxyprotocol.ProxyWire.hex;
import static dev.webserv.proxyprotocol.ProxyWire.tlv;
import static dev.webserv.proxyprotocol.ProxyWire.v2;
import static dev.webserv.proxyprotocol.ProxyWire.whole;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.webserv.proxyprotocol.ProxyHeaderException.Reason;

/** Each malformed header, refused with its reason, never taken for something else. */
class ProxyHeaderRejectionTest {

	private static final byte[] IPV4_BLOCK = hex("0a000001 0a000002 1f90 0050");

	static Stream<Arguments> version1() {
		return Stream.of(//
				bad("GET / HTTP/1.1\r\nHost: h\r\n\r\n", Reason.BAD_SIGNATURE),
				bad("PROXZ TCP4 1.2.3.4 5.6.7.8 1 2\r\n", Reason.BAD_SIGNATURE),
				bad("proxy TCP4 1.2.3.4 5.6.7.8 1 2\r\n", Reason.BAD_SIGNATURE), bad("PROXY\r\n", Reason.BAD_SIGNATURE), //
				bad("PROXY  TCP4 1.2.3.4 5.6.7.8 1 2\r\n", Reason.BAD_LINE),
				bad("PROXY TCP5 1.2.3.4 5.6.7.8 1 2\r\n", Reason.UNSUPPORTED_FAMILY),
				bad("PROXY UDP4 1.2.3.4 5.6.7.8 1 2\r\n", Reason.UNSUPPORTED_FAMILY),
				bad("PROXY \r\n", Reason.BAD_LINE),
				// no CRLF: a bare LF, a CR followed by something else, a control byte
				bad("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\n", Reason.BAD_LINE),
				bad("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\rGET", Reason.BAD_LINE),
				bad("PROXY TCP4 1.2.3.4 5.6.7.8 1 2\r\r\n", Reason.BAD_LINE),
				bad("PROXY TCP4 1.2.3.4\t5.6.7.8 1 2\r\n", Reason.BAD_LINE),
				bad("PROXY UNKNOWN \u00e9\r\n", Reason.BAD_LINE), bad("PROXY TCP4 " + "1".repeat(120), Reason.TOO_LONG),
				// fields: too few, too many, doubled spaces
				bad("PROXY TCP4 1.2.3.4 5.6.7.8 1\r\n", Reason.BAD_LINE),
				bad("PROXY TCP4 1.2.3.4 5.6.7.8 1 2 3\r\n", Reason.BAD_LINE),
				bad("PROXY TCP4 1.2.3.4  5.6.7.8 1 2\r\n", Reason.BAD_LINE),
				bad("PROXY TCP4 1.2.3.4 5.6.7.8 1 2 \r\n", Reason.BAD_LINE),
				// addresses: leading zeros, out of range, wrong family, not canonical
				bad("PROXY TCP4 1.2.3.04 5.6.7.8 1 2\r\n", Reason.BAD_ADDRESS),
				bad("PROXY TCP4 1.2.3.256 5.6.7.8 1 2\r\n", Reason.BAD_ADDRESS),
				bad("PROXY TCP4 1.2.3 5.6.7.8 1 2\r\n", Reason.BAD_ADDRESS),
				bad("PROXY TCP4 1.2.3.4.5 5.6.7.8 1 2\r\n", Reason.BAD_ADDRESS),
				bad("PROXY TCP4 1.2..4 5.6.7.8 1 2\r\n", Reason.BAD_ADDRESS),
				bad("PROXY TCP4 localhost 5.6.7.8 1 2\r\n", Reason.BAD_ADDRESS),
				bad("PROXY TCP4 ::1 5.6.7.8 1 2\r\n", Reason.BAD_ADDRESS),
				bad("PROXY TCP6 1.2.3.4 ::1 1 2\r\n", Reason.BAD_ADDRESS),
				bad("PROXY TCP6 1::2::3 ::1 1 2\r\n", Reason.BAD_ADDRESS),
				bad("PROXY TCP6 ::1 ::: 1 2\r\n", Reason.BAD_ADDRESS),
				bad("PROXY TCP6 1:2:3:4:5:6:7 ::1 1 2\r\n", Reason.BAD_ADDRESS),
				bad("PROXY TCP6 1:2:3:4:5:6:7:8:9 ::1 1 2\r\n", Reason.BAD_ADDRESS),
				bad("PROXY TCP6 1:2:3:4::5:6:7:8 ::1 1 2\r\n", Reason.BAD_ADDRESS),
				bad("PROXY TCP6 12345::1 ::1 1 2\r\n", Reason.BAD_ADDRESS),
				bad("PROXY TCP6 ::g ::1 1 2\r\n", Reason.BAD_ADDRESS),
				bad("PROXY TCP6 :1::2 ::1 1 2\r\n", Reason.BAD_ADDRESS),
				bad("PROXY TCP6 1.2.3.4:: ::1 1 2\r\n", Reason.BAD_ADDRESS),
				bad("PROXY TCP6 ::1.2.3.04 ::1 1 2\r\n", Reason.BAD_ADDRESS),
				// ports: leading zeros, out of range, not decimal
				bad("PROXY TCP4 1.2.3.4 5.6.7.8 080 2\r\n", Reason.BAD_PORT),
				bad("PROXY TCP4 1.2.3.4 5.6.7.8 1 65536\r\n", Reason.BAD_PORT),
				bad("PROXY TCP4 1.2.3.4 5.6.7.8 1 100000\r\n", Reason.BAD_PORT),
				bad("PROXY TCP4 1.2.3.4 5.6.7.8 -1 2\r\n", Reason.BAD_PORT),
				bad("PROXY TCP4 1.2.3.4 5.6.7.8 1 0x50\r\n", Reason.BAD_PORT),
				bad("PROXY TCP4 1.2.3.4 5.6.7.8 +1 2\r\n", Reason.BAD_PORT));
	}

	static Stream<Arguments> version2() {
		byte[] signature = ProxyWire.SIGNATURE.clone();
		signature[11] = 0x0B;
		byte[] wrongSignature = concat(signature, hex("2111000c"), IPV4_BLOCK);
		return Stream.of(//
				bad("wrong signature byte", wrongSignature, Reason.BAD_SIGNATURE),
				bad("version 1 in a binary header", v2(0x11, 0x11, IPV4_BLOCK), Reason.BAD_VERSION),
				bad("version 3", v2(0x31, 0x11, IPV4_BLOCK), Reason.BAD_VERSION),
				bad("command 2", v2(0x22, 0x11, IPV4_BLOCK), Reason.BAD_VERSION),
				bad("UDP over IPv4", v2(PROXY, 0x12, IPV4_BLOCK), Reason.UNSUPPORTED_FAMILY),
				bad("UDP over IPv6", v2(PROXY, 0x22, new byte[36]), Reason.UNSUPPORTED_FAMILY),
				bad("family 4", v2(PROXY, 0x41, IPV4_BLOCK), Reason.UNSUPPORTED_FAMILY),
				bad("protocol 3", v2(PROXY, 0x13, IPV4_BLOCK), Reason.UNSUPPORTED_FAMILY),
				bad("IPv4 block shorter than its addresses", v2(PROXY, 0x11, Arrays.copyOf(IPV4_BLOCK, 11)),
						Reason.BAD_LENGTH),
				bad("IPv6 length of an IPv4 block", v2(PROXY, 0x21, IPV4_BLOCK), Reason.BAD_LENGTH),
				bad("TLV header cut by the length", v2(PROXY, 0x11, concat(IPV4_BLOCK, hex("0400"))),
						Reason.BAD_LENGTH),
				bad("TLV value past the length", v2(PROXY, 0x11, concat(IPV4_BLOCK, hex("040005 6162"))),
						Reason.BAD_LENGTH),
				bad("second TLV past the length", v2(PROXY, 0x11, concat(IPV4_BLOCK, tlv(0x01, 2), hex("02ffff 00"))),
						Reason.BAD_LENGTH),
				bad("length past the bound", v2(PROXY, 0x11, 0xFFFF, IPV4_BLOCK), Reason.TOO_LONG),
				bad("LOCAL with a length past the bound", v2(LOCAL, 0x00, 4096 - 16 + 1, new byte[0]),
						Reason.TOO_LONG));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource({ "version1", "version2" })
	void refusesMalformedHeaders(String name, byte[] wire, Reason reason) {
		assertThat(whole(wire)).isEqualTo("rejected " + reason);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource({ "version1", "version2" })
	void refusesTheSameWayWhereverTheInputIsSplit(String name, byte[] wire, Reason reason) {
		for (int cut = 1; cut < wire.length; cut++) {
			assertThat(ProxyWire.outcome(ProxyWire.split(wire, cut))).as("split at %d", cut)
				.isEqualTo("rejected " + reason);
		}
		assertThat(ProxyWire.outcome(ProxyWire.oneByteAtATime(wire))).isEqualTo("rejected " + reason);
	}

	private static Arguments bad(String line, Reason reason) {
		return Arguments.of(line.replace("\r", "\\r").replace("\n", "\\n"), ascii(line), reason);
	}

	private static Arguments bad(String name, byte[] wire, Reason reason) {
		return Arguments.of(name, wire, reason);
	}

}
