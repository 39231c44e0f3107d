package dev.webserv.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.webserv.Headers;
import dev.webserv.config.Cidr;

class TrustedProxiesTest {

	private static final TrustedProxies PROXIES = TrustedProxies.parse(List.of("10.0.0.0/8", "2001:db8::/32"),
			"trusted-proxies");

	private static final InetSocketAddress PROXY = new InetSocketAddress(ip("10.0.0.5"), 40000);

	private static final InetSocketAddress STRANGER = new InetSocketAddress(ip("198.51.100.7"), 40000);

	@Test
	void takesTheRightMostUntrustedAddressOfXForwardedFor() {
		RealClient client = resolve(PROXY, "X-Forwarded-For", "192.0.2.1, 203.0.113.9, 10.0.0.3");

		assertThat(client.address()).isEqualTo(ip("203.0.113.9"));
	}

	@Test
	void readsEveryXForwardedForFieldInOrder() {
		RealClient client = resolve(PROXY, "X-Forwarded-For", "203.0.113.1", "X-Forwarded-For", "10.9.9.9");

		assertThat(client.address()).isEqualTo(ip("203.0.113.1"));
	}

	@Test
	void ignoresEveryHeaderFromAnUntrustedPeer() {
		RealClient client = resolve(STRANGER, "X-Forwarded-For", "10.0.0.1", "X-Forwarded-Proto", "https",
				"X-Forwarded-Host", "evil.example", "Forwarded", "for=10.0.0.1;proto=https");

		assertThat(client).isEqualTo(new RealClient(ip("198.51.100.7"), "http", "site.test", 8080));
	}

	@Test
	void aClientCannotSpoofThroughATrustedProxyThatAppends() {
		// the client sent "X-Forwarded-For: 10.0.0.1" hoping to look trusted; the proxy
		// appended the address it saw
		RealClient client = resolve(PROXY, "X-Forwarded-For", "10.0.0.1, 198.51.100.66");

		assertThat(client.address()).isEqualTo(ip("198.51.100.66"));
	}

	@Test
	void whenEveryHopIsTrustedTheLeftMostIsTheClient() {
		assertThat(resolve(PROXY, "X-Forwarded-For", "10.1.1.1, 10.2.2.2").address()).isEqualTo(ip("10.1.1.1"));
	}

	@Test
	void stopsAtAnEntryThatIsNotAnAddress() {
		assertThat(resolve(PROXY, "X-Forwarded-For", "203.0.113.9, garbage, 10.0.0.3").address())
			.isEqualTo(ip("10.0.0.3"));
		assertThat(resolve(PROXY, "X-Forwarded-For", "example.com").address()).isEqualTo(ip("10.0.0.5"));
	}

	@Test
	void acceptsPortsAndBracketsInXForwardedFor() {
		assertThat(resolve(PROXY, "X-Forwarded-For", "203.0.113.9:5555").address()).isEqualTo(ip("203.0.113.9"));
		assertThat(resolve(PROXY, "X-Forwarded-For", "[2001:db9::1]:443").address()).isEqualTo(ip("2001:db9::1"));
		assertThat(resolve(PROXY, "X-Forwarded-For", "2001:db9::2").address()).isEqualTo(ip("2001:db9::2"));
	}

	@Test
	void takesSchemeHostAndPortFromTheTrustedPeer() {
		RealClient client = resolve(PROXY, "X-Forwarded-For", "203.0.113.9", "X-Forwarded-Proto", "HTTPS",
				"X-Forwarded-Host", "WWW.Example.com");

		assertThat(client).isEqualTo(new RealClient(ip("203.0.113.9"), "https", "www.example.com", 443));
		assertThat(resolve(PROXY, "X-Forwarded-Host", "example.com:8443").port()).isEqualTo(8443);
		assertThat(resolve(PROXY, "X-Forwarded-Port", "9443").port()).isEqualTo(9443);
	}

	@Test
	void ignoresMalformedSchemeHostAndPort() {
		RealClient client = resolve(PROXY, "X-Forwarded-Proto", "gopher", "X-Forwarded-Host", "bad host/x",
				"X-Forwarded-Port", "99999");

		assertThat(client).isEqualTo(new RealClient(ip("10.0.0.5"), "http", "site.test", 8080));
	}

	@Test
	void readsRfc7239ForwardedWithQuotedAndBracketedNodes() {
		RealClient client = resolve(PROXY, "Forwarded",
				"for=192.0.2.60;proto=http, for=\"[2001:db9:cafe::17]:4711\";proto=https;host=\"Example.com:8443\", for=10.0.0.9");

		assertThat(client).isEqualTo(new RealClient(ip("2001:db9:cafe::17"), "https", "example.com", 8443));
	}

	@Test
	void forwardedWinsOverXForwardedFor() {
		RealClient client = resolve(PROXY, "Forwarded", "for=203.0.113.1", "X-Forwarded-For", "203.0.113.2");

		assertThat(client.address()).isEqualTo(ip("203.0.113.1"));
	}

	@Test
	void anObfuscatedOrUnknownNodeLeavesTheNearestKnownHop() {
		assertThat(resolve(PROXY, "Forwarded", "for=_hidden;proto=https").address()).isEqualTo(ip("10.0.0.5"));
		assertThat(resolve(PROXY, "Forwarded", "for=_hidden;proto=https").scheme()).isEqualTo("https");
		assertThat(resolve(PROXY, "Forwarded", "for=203.0.113.5, for=unknown").address()).isEqualTo(ip("10.0.0.5"));
	}

	@Test
	void neverBelievesAMalformedForwardedElement() {
		// an unterminated quote, a pair without '=', a parameter twice, an IPv6 node
		// without quotes
		for (String bad : List.of("for=\"203.0.113.5", "for", "for=203.0.113.5;for=203.0.113.6", "for=[2001:db9::1]",
				"for=203.0.113.5 junk")) {
			assertThat(resolve(PROXY, "Forwarded", bad).address()).as(bad).isEqualTo(ip("10.0.0.5"));
		}
		// a good element to the right of a bad one is still read
		assertThat(resolve(PROXY, "Forwarded", "for, for=203.0.113.7").address()).isEqualTo(ip("203.0.113.7"));
		// a comma inside quotes does not split
		assertThat(ForwardedHeader.elements(List.of("for=\"a,b\";by=x, for=c"))).hasSize(2);
	}

	@Test
	void aBlockThatDoesNotParseFailsNamingTheSetting() {
		assertThatThrownBy(() -> TrustedProxies.parse(List.of("10.0.0.0/8", "proxy.internal"), "trusted-proxies"))
			.hasMessageContaining("trusted-proxies")
			.hasMessageContaining("proxy.internal");
	}

	private static RealClient resolve(InetSocketAddress peer, String... headerPairs) {
		Headers headers = new Headers();
		for (int i = 0; i < headerPairs.length; i += 2) {
			headers.add(headerPairs[i], headerPairs[i + 1]);
		}
		return PROXIES.resolve(peer, headers, "http", "site.test", 8080);
	}

	private static InetAddress ip(String literal) {
		return Cidr.address(literal);
	}

}
