package dev.webserv.proxyprotocol;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.ServerConfig;
import dev.webserv.config.VirtualServer;

/**
 * TLS on a PROXY listener ({@code listen 443 ssl proxy_protocol}): a proxy's
 * {@code send-proxy} writes the header in clear, before the TLS handshake, but the header
 * is read from the decrypted stream, so no client could ever be served there (the
 * handshake fails on the header's bytes). Until it is read before the handshake, such an
 * address fails start-up instead of being taken and never working.
 */
class ProxyProtocolTlsTest {

	/**
	 * No certificate needed: the address is refused before its certificate is looked for.
	 */
	@Test
	void anSslAddressWithProxyProtocolFailsStartUpNamingIt() {
		VirtualServer server = VirtualServer.builder()
			.listen("127.0.0.1:0 ssl proxy_protocol")
			.route("GET", "/", Handler.nonBlocking(r -> Response.ok("fine")))
			.build();
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new Webserv(ServerConfig.builder().ioThreads(1).server(server).build()).close())
			.withMessageContaining("127.0.0.1:0")
			.withMessageContaining("proxy_protocol")
			.withMessageContaining("ssl");
	}

}
