package dev.webserv.proxyprotocol;

import static dev.webserv.proxyprotocol.ProxyWire.LOCAL;
import static dev.webserv.proxyprotocol.ProxyWire.PROXY;
import static dev.webserv.proxyprotocol.ProxyWire.ascii;
import static dev.webserv.proxyprotocol.ProxyWire.concat;
import static dev.webserv.proxyprotocol.ProxyWire.hex;
import static dev.webserv.proxyprotocol.ProxyWire.tlv;
import static dev.webserv.proxyprotocol.ProxyWire.v2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

/** Every valid form of the header, decoded from one buffer that also holds a request. */
class ProxyHeaderDecoderTest {

	private static final byte[] REQUEST = ascii("GET / HTTP/1.1\r\nHost: h\r\n\r\n");

	@Test
	void decodesAVersion1Tcp4Line() {
		ProxyHeader header = decodeBeforeRequest(ascii("PROXY TCP4 192.168.0.1 192.168.0.11 56324 443\r\n"));
		assertThat(header).isEqualTo(new ProxyHeader(1, address("192.168.0.1", 56324), address("192.168.0.11", 443)));
		assertThat(header.local()).isFalse();
	}

	@Test
	void decodesAVersion1Tcp6LineInFullAndCompressedForms() {
		ProxyHeader header = decodeBeforeRequest(
				ascii("PROXY TCP6 2001:0db8:0000:0000:0000:0000:0000:0001 2001:DB8::2 65535 0\r\n"));
		assertThat(header).isEqualTo(new ProxyHeader(1, address("2001:db8::1", 65535), address("2001:db8::2", 0)));
		assertThat(decodeBeforeRequest(ascii("PROXY TCP6 :: 1:: 1 2\r\n")))
			.isEqualTo(new ProxyHeader(1, address("::", 1), address("1::", 2)));
		assertThat(decodeBeforeRequest(ascii("PROXY TCP6 ::1 1:2:3:4:5:6:7:8 10 20\r\n")))
			.isEqualTo(new ProxyHeader(1, address("::1", 10), address("1:2:3:4:5:6:7:8", 20)));
	}

	@Test
	void takesAnIpv4MappedTcp6AddressAsTheIpv4Client() {
		ProxyHeader header = decodeBeforeRequest(ascii("PROXY TCP6 ::ffff:192.0.2.7 ::1 4000 80\r\n"));
		assertThat(header.source()).isEqualTo(address("192.0.2.7", 4000));
	}

	@Test
	void keepsTheConnectionsOwnEndpointsForVersion1Unknown() {
		assertThat(decodeBeforeRequest(ascii("PROXY UNKNOWN\r\n"))).isEqualTo(ProxyHeader.local(1));
		assertThat(decodeBeforeRequest(ascii("PROXY UNKNOWN ffff:: ffff:: 65535 65535\r\n")))
			.isEqualTo(ProxyHeader.local(1));
	}

	@Test
	void acceptsTheLongestVersion1LineAndNotOneByteMore() {
		String longest = "PROXY UNKNOWN " + "f".repeat(39 - 1) + "x " + "f".repeat(39) + " 65535 65535";
		assertThat(longest.length() + 2).isEqualTo(107);
		assertThat(decodeBeforeRequest(ascii(longest + "\r\n"))).isEqualTo(ProxyHeader.local(1));
		assertThat(rejection(ascii(longest + "5\r\n"))).isEqualTo(ProxyHeaderException.Reason.TOO_LONG);
	}

	@Test
	void decodesAVersion2TcpOverIpv4Block() {
		byte[] wire = v2(PROXY, 0x11, hex("c0a80001 c0a8000b dc04 01bb"));
		assertThat(decodeBeforeRequest(wire))
			.isEqualTo(new ProxyHeader(2, address("192.168.0.1", 56324), address("192.168.0.11", 443)));
	}

	@Test
	void decodesAVersion2TcpOverIpv6Block() {
		byte[] wire = v2(PROXY, 0x21,
				hex("20010db8000000000000000000000001 20010db8000000000000000000000002 ffff 0050"));
		assertThat(decodeBeforeRequest(wire))
			.isEqualTo(new ProxyHeader(2, address("2001:db8::1", 65535), address("2001:db8::2", 80)));
	}

	@Test
	void acceptsTheLocalCommandWithTheConnectionsOwnEndpoints() {
		assertThat(decodeBeforeRequest(v2(LOCAL, 0x00, new byte[0]))).isEqualTo(ProxyHeader.local(2));
		// LOCAL ignores the family and skips whatever block it carries
		assertThat(decodeBeforeRequest(v2(LOCAL, 0x11, hex("7f000001 7f000001 1234 0050"))))
			.isEqualTo(ProxyHeader.local(2));
		assertThat(decodeBeforeRequest(v2(LOCAL, 0xFF, hex("0102")))).isEqualTo(ProxyHeader.local(2));
	}

	@Test
	void fallsBackToTheConnectionsEndpointsForUnspecAndUnixStreams() {
		assertThat(decodeBeforeRequest(v2(PROXY, 0x00, hex("00112233")))).isEqualTo(ProxyHeader.local(2));
		assertThat(decodeBeforeRequest(v2(PROXY, 0x31, new byte[216]))).isEqualTo(ProxyHeader.local(2));
	}

	@Test
	void skipsTlvsAfterTheAddresses() {
		byte[] block = concat(hex("0a000001 0a000002 1f90 0050"), tlv(0x01, 2), tlv(0x04, 0), tlv(0x20, 300),
				tlv(0xE0, 1));
		assertThat(decodeBeforeRequest(v2(PROXY, 0x11, block)))
			.isEqualTo(new ProxyHeader(2, address("10.0.0.1", 8080), address("10.0.0.2", 80)));
	}

	@Test
	void acceptsAVersion2HeaderOfTheMaximumLengthAndNotOneByteMore() {
		byte[] addresses = hex("0a000001 0a000002 1f90 0050");
		int tlvValue = 200 - 16 - addresses.length - 3;
		byte[] longest = v2(PROXY, 0x11, concat(addresses, tlv(0x04, tlvValue)));
		assertThat(longest).hasSize(200);
		assertThat(decode(new ProxyHeaderDecoder(200), longest)).isNotNull();
		byte[] tooLong = v2(PROXY, 0x11, concat(addresses, tlv(0x04, tlvValue + 1)));
		assertThat(catchThrowableOfType(() -> decode(new ProxyHeaderDecoder(200), tooLong), ProxyHeaderException.class)
			.reason()).isEqualTo(ProxyHeaderException.Reason.TOO_LONG);
	}

	@Test
	void refusesAsSoonAsTheFirstByteIsWrong() {
		ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
		ByteBuffer in = ByteBuffer.wrap(REQUEST);
		ProxyHeaderException e = catchThrowableOfType(() -> decoder.decode(in), ProxyHeaderException.class);
		assertThat(e.reason()).isEqualTo(ProxyHeaderException.Reason.BAD_SIGNATURE);
		assertThat(decoder.consumed()).isZero();
	}

	@Test
	void keepsRefusingAfterARejection() {
		ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
		catchThrowableOfType(() -> decoder.decode(ByteBuffer.wrap(ascii("PROXY TCP4 1.2.3.04"))),
				ProxyHeaderException.class);
		ProxyHeaderException again = catchThrowableOfType(
				() -> decoder.decode(ByteBuffer.wrap(ascii(" 1.2.3.4 1 2\r\n"))), ProxyHeaderException.class);
		assertThat(again).isNotNull();
	}

	@Test
	void reportsProgressAndRefusesToDecodeTwice() {
		ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
		assertThat(decoder.inProgress()).isFalse();
		assertThat(decoder.decode(ByteBuffer.wrap(ascii("PROXY UNKNOWN")))).isNull();
		assertThat(decoder.inProgress()).isTrue();
		assertThat(decoder.decode(ByteBuffer.wrap(ascii("\r\n")))).isEqualTo(ProxyHeader.local(1));
		assertThat(decoder.inProgress()).isFalse();
		assertThatIllegalStateException().isThrownBy(() -> decoder.decode(ByteBuffer.wrap(REQUEST)));
	}

	@Test
	void refusesABoundBelowTheLongestVersion1Line() {
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> new ProxyHeaderDecoder(106));
	}

	/**
	 * Decodes the header from a buffer holding a request after it; the request is left.
	 */
	private static ProxyHeader decodeBeforeRequest(byte[] header) {
		ProxyHeaderDecoder decoder = new ProxyHeaderDecoder();
		ByteBuffer in = ByteBuffer.wrap(concat(header, REQUEST));
		ProxyHeader decoded = decoder.decode(in);
		assertThat(decoded).as("complete header").isNotNull();
		assertThat(in.position()).as("position after the header").isEqualTo(header.length);
		assertThat(decoder.consumed()).isEqualTo(header.length);
		return decoded;
	}

	private static ProxyHeader decode(ProxyHeaderDecoder decoder, byte[] wire) {
		return decoder.decode(ByteBuffer.wrap(wire));
	}

	private static ProxyHeaderException.Reason rejection(byte[] wire) {
		return catchThrowableOfType(() -> decode(new ProxyHeaderDecoder(), wire), ProxyHeaderException.class).reason();
	}

	private static InetSocketAddress address(String ip, int port) {
		return new InetSocketAddress(ip, port);
	}

}
