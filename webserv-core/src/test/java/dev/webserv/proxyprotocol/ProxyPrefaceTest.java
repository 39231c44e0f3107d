package dev.webserv.proxyprotocol;

import static dev.webserv.proxyprotocol.ProxyWire.LOCAL;
import static dev.webserv.proxyprotocol.ProxyWire.ascii;
import static dev.webserv.proxyprotocol.ProxyWire.v2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class ProxyPrefaceTest {

	private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 40000);

	private static final InetSocketAddress LOCAL_ADDRESS = new InetSocketAddress("127.0.0.1", 8080);

	@Test
	void expiresOnlyAfterItsTimeoutAndOnlyWhileTheHeaderIsMissing() {
		ProxyPreface preface = new ProxyPreface(Duration.ofSeconds(5), 1_000);
		assertThat(preface.expired(1_000 + Duration.ofSeconds(5).toNanos())).isFalse();
		assertThat(preface.expired(1_001 + Duration.ofSeconds(5).toNanos())).isTrue();
		assertThat(preface.read(ByteBuffer.wrap(ascii("PROXY UNKNOWN\r\n")))).isTrue();
		assertThat(preface.expired(Long.MAX_VALUE)).isFalse();
	}

	@Test
	void givesTheHeadersAddressesOnceComplete() {
		ProxyPreface preface = new ProxyPreface(Duration.ofSeconds(5), 0);
		assertThat(preface.client(PEER)).isEqualTo(PEER);
		assertThat(preface.read(ByteBuffer.wrap(ascii("PROXY TCP4 203.0.113.9 198.51.100.1 5")))).isFalse();
		assertThat(preface.inProgress()).isTrue();
		assertThat(preface.client(PEER)).isEqualTo(PEER);
		ByteBuffer rest = ByteBuffer.wrap(ascii("1234 443\r\nGET"));
		assertThat(preface.read(rest)).isTrue();
		assertThat(rest.remaining()).isEqualTo(3);
		assertThat(preface.complete()).isTrue();
		assertThat(preface.client(PEER)).isEqualTo(new InetSocketAddress("203.0.113.9", 51234));
		assertThat(preface.server(LOCAL_ADDRESS)).isEqualTo(new InetSocketAddress("198.51.100.1", 443));
		assertThat(preface.read(rest)).as("reading again reads nothing").isTrue();
		assertThat(rest.remaining()).isEqualTo(3);
	}

	@Test
	void keepsTheSocketsAddressesForALocalHealthCheck() {
		ProxyPreface preface = new ProxyPreface(Duration.ofSeconds(5), 0);
		assertThat(preface.read(ByteBuffer.wrap(v2(LOCAL, 0x00, new byte[0])))).isTrue();
		assertThat(preface.client(PEER)).isEqualTo(PEER);
		assertThat(preface.server(LOCAL_ADDRESS)).isEqualTo(LOCAL_ADDRESS);
	}

	@Test
	void refusesAConnectionThatStartsWithHttp() {
		ProxyPreface preface = new ProxyPreface(Duration.ofSeconds(5), 0);
		assertThatExceptionOfType(ProxyHeaderException.class)
			.isThrownBy(() -> preface.read(ByteBuffer.wrap(ascii("GET / HTTP/1.1\r\n"))));
		assertThat(preface.complete()).isFalse();
	}

}
