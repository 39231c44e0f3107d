package dev.webserv.proxyprotocol;

import static dev.webserv.proxyprotocol.ProxyWire.LOCAL;
import static dev.webserv.proxyprotocol.ProxyWire.PROXY;
import static dev.webserv.proxyprotocol.ProxyWire.ascii;
import static dev.webserv.proxyprotocol.ProxyWire.concat;
import static dev.webserv.proxyprotocol.ProxyWire.hex;
import static dev.webserv.proxyprotocol.ProxyWire.oneByteAtATime;
import static dev.webserv.proxyprotocol.ProxyWire.outcome;
import static dev.webserv.proxyprotocol.ProxyWire.split;
import static dev.webserv.proxyprotocol.ProxyWire.tlv;
import static dev.webserv.proxyprotocol.ProxyWire.v2;
import static dev.webserv.proxyprotocol.ProxyWire.whole;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every valid form, followed by a request, split at every byte and fed a byte at a time:
 * the same header, and the request left whole for the HTTP parser.
 */
class ProxyHeaderSplitTest {

	private static final String REQUEST = "GET / HTTP/1.1\r\nHost: h\r\n\r\n";

	static Stream<Arguments> validHeaders() {
		byte[] ipv4 = hex("c0a80001 c0a8000b dc04 01bb");
		byte[] ipv6 = hex("20010db8000000000000000000000001 20010db8000000000000000000000002 ffff 0050");
		return Stream.of(//
				Arguments.of("v1 TCP4", ascii("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n")),
				Arguments.of("v1 TCP6", ascii("PROXY TCP6 2001:db8::1 ::ffff:10.0.0.1 65535 0\r\n")),
				Arguments.of("v1 UNKNOWN", ascii("PROXY UNKNOWN\r\n")),
				Arguments.of("v1 UNKNOWN with addresses", ascii("PROXY UNKNOWN ::1 ::2 1 2\r\n")),
				Arguments.of("v2 TCP over IPv4", v2(PROXY, 0x11, ipv4)),
				Arguments.of("v2 TCP over IPv6", v2(PROXY, 0x21, ipv6)),
				Arguments.of("v2 LOCAL", v2(LOCAL, 0x00, new byte[0])),
				Arguments.of("v2 LOCAL with a block", v2(LOCAL, 0x11, ipv4)),
				Arguments.of("v2 UNSPEC", v2(PROXY, 0x00, hex("0102030405"))),
				Arguments.of("v2 UNIX stream", v2(PROXY, 0x31, new byte[216])), Arguments.of("v2 with TLVs",
						v2(PROXY, 0x11, concat(ipv4, tlv(0x05, 16), tlv(0x04, 0), tlv(0x20, 40)))));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("validHeaders")
	void givesTheSameHeaderWhereverTheInputIsSplit(String name, byte[] header) {
		byte[] wire = concat(header, ascii(REQUEST));
		String whole = whole(wire);
		assertThat(whole).endsWith(" after " + header.length + " then [" + REQUEST + "]");
		for (int cut = 1; cut < wire.length; cut++) {
			assertThat(outcome(split(wire, cut))).as("split at %d", cut).isEqualTo(whole);
		}
		assertThat(outcome(oneByteAtATime(wire))).as("one byte at a time").isEqualTo(whole);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("validHeaders")
	void waitsWithoutConsumingMoreWhileTheHeaderIsIncomplete(String name, byte[] header) {
		for (int length = 0; length < header.length; length++) {
			assertThat(whole(Arrays.copyOf(header, length))).as("first %d bytes", length).isEqualTo("waiting");
		}
	}

}
