package dev.webserv.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ListenAddressTest {

	@Test
	void readsNginxsProxyProtocolParameter() {
		assertThat(ListenAddress.parse("127.0.0.1:8080 proxy_protocol"))
			.isEqualTo(new ListenAddress("127.0.0.1", 8080, true));
		assertThat(ListenAddress.parse(" [::1]:8443   proxy_protocol "))
			.isEqualTo(new ListenAddress("::1", 8443, true));
		assertThat(ListenAddress.parse("8080")).isEqualTo(new ListenAddress(null, 8080, false));
	}

	@Test
	void readsNginxsSslParameterInAnyOrderWithProxyProtocol() {
		assertThat(ListenAddress.parse("0.0.0.0:8443 ssl"))
			.isEqualTo(new ListenAddress("0.0.0.0", 8443, false, true, null));
		assertThat(ListenAddress.parse("8443 proxy_protocol ssl"))
			.isEqualTo(new ListenAddress(null, 8443, true, true, null));
		assertThat(ListenAddress.parse("8443 ssl proxy_protocol").bare()).isEqualTo(new ListenAddress(null, 8443));
	}

	@Test
	void refusesOtherOrRepeatedParameters() {
		assertThatIllegalArgumentException().isThrownBy(() -> ListenAddress.parse("8080 http2"))
			.withMessageContaining("ssl and proxy_protocol");
		assertThatIllegalArgumentException().isThrownBy(() -> ListenAddress.parse("8080 proxy_protocol x"));
		assertThatIllegalArgumentException().isThrownBy(() -> ListenAddress.parse("8080 ssl ssl"));
	}

	@Test
	void leavesTheParameterOutOfItsNameAndIsOffByDefault() {
		ListenAddress address = new ListenAddress("127.0.0.1", 8080);
		assertThat(address.proxyProtocol()).isFalse();
		assertThat(address.withProxyProtocol(true)).hasToString("127.0.0.1:8080");
	}

	@Test
	void proxyHeaderTimeoutDefaultsToFiveSecondsAndMustBePositive() {
		assertThat(Timeouts.DEFAULTS.proxyHeader()).isEqualTo(Duration.ofSeconds(5));
		Timeouts shorter = Timeouts.DEFAULTS.withProxyHeader(Duration.ofMillis(300));
		assertThat(shorter.proxyHeader()).isEqualTo(Duration.ofMillis(300));
		assertThat(shorter.withIdle(Duration.ofSeconds(1)).proxyHeader()).isEqualTo(Duration.ofMillis(300));
		assertThat(shorter.sweepInterval()).isEqualTo(Duration.ofMillis(30));
		assertThatIllegalArgumentException().isThrownBy(() -> Timeouts.DEFAULTS.withProxyHeader(Duration.ZERO))
			.withMessageContaining("timeouts.proxy-header");
	}

}
