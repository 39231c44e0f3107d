package dev.webserv.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

class CidrTest {

	@Test
	void matchesIpv4BlocksByPrefix() throws Exception {
		Cidr block = Cidr.parse("10.0.0.0/8");

		assertThat(block.contains(InetAddress.getByName("10.255.1.2"))).isTrue();
		assertThat(block.contains(InetAddress.getByName("11.0.0.1"))).isFalse();
		assertThat(Cidr.parse("192.168.1.128/25").contains(InetAddress.getByName("192.168.1.200"))).isTrue();
		assertThat(Cidr.parse("192.168.1.128/25").contains(InetAddress.getByName("192.168.1.127"))).isFalse();
		assertThat(Cidr.parse("0.0.0.0/0").contains(InetAddress.getByName("203.0.113.9"))).isTrue();
	}

	@Test
	void matchesIpv6BlocksAndBareAddresses() throws Exception {
		assertThat(Cidr.parse("2001:db8::/32").contains(InetAddress.getByName("2001:db8:ffff::1"))).isTrue();
		assertThat(Cidr.parse("2001:db8::/32").contains(InetAddress.getByName("2001:db9::1"))).isFalse();
		assertThat(Cidr.parse("::1").contains(InetAddress.getByName("::1"))).isTrue();
		assertThat(Cidr.parse("::1").contains(InetAddress.getByName("::2"))).isFalse();
		assertThat(Cidr.parse("127.0.0.1").contains(InetAddress.getByName("127.0.0.2"))).isFalse();
		assertThat(Cidr.parse("[2001:db8::1]").contains(InetAddress.getByName("2001:db8::1"))).isTrue();
	}

	@Test
	void neverMatchesAcrossFamiliesExceptIpv4MappedAddresses() throws Exception {
		assertThat(Cidr.parse("10.0.0.0/8").contains(InetAddress.getByName("2001:db8::1"))).isFalse();
		assertThat(Cidr.parse("::/0").contains(InetAddress.getByName("10.0.0.1"))).isFalse();
		byte[] mapped = Cidr.literal("::ffff:10.1.2.3");
		assertThat(mapped).hasSize(16);
		assertThat(Cidr.parse("10.0.0.0/8").contains(mapped)).isTrue();
	}

	@Test
	void refusesWhatDoesNotParseNamingTheValue() {
		for (String bad : List.of("10.0.0.0/33", "::1/129", "10.0.0/8", "256.1.1.1", "10.0.0.1/", "10.0.0.1/-1",
				"localhost", "example.com/8", "2001:db8::g", "1.2.3.4:80", "", "fe80::1%eth0", "10.0.0.01234")) {
			assertThatThrownBy(() -> Cidr.parse(bad)).as(bad)
				.isInstanceOf(IllegalArgumentException.class)
				.hasMessageContaining("'" + bad + "'");
		}
	}

}
