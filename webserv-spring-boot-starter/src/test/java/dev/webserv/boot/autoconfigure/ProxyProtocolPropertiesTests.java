package dev.webserv.boot.autoconfigure;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.webserv.boot.WebservWebServer;
import dev.webserv.config.ListenAddress;
import dev.webserv.config.ServerConfig;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * webserv.servers[].proxy-protocol and webserv.timeouts.proxy-header reach the core, and
 * a server with them answers only connections that start with a PROXY header.
 */
class ProxyProtocolPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(WebservAutoConfiguration.class))
		.withPropertyValues("server.port=0", "server.address=127.0.0.1", "webserv.io-threads=1");

	@Test
	void turnsEveryListenAddressOfTheServerIntoAProxyProtocolListener() {
		runner
			.withPropertyValues("webserv.servers[0].proxy-protocol=true", "webserv.timeouts.proxy-header=2s",
					"webserv.servers[1].name=direct", "webserv.servers[1].listen=127.0.0.1:0")
			.run(context -> {
				ServerConfig config = context.getBean(ServerConfig.class);
				assertThat(config.servers().get(0).listen()).containsExactly(new ListenAddress("127.0.0.1", 0, true));
				assertThat(config.servers().get(1).listen()).containsExactly(new ListenAddress("127.0.0.1", 0));
				assertThat(config.timeouts().proxyHeader()).isEqualTo(Duration.ofSeconds(2));
				int port = context.getBean(WebservWebServer.class).getPort();
				assertThat(exchange(port, "GET /none HTTP/1.1\r\nHost: x\r\n\r\n")).isEmpty();
				assertThat(exchange(port, "PROXY TCP4 203.0.113.9 127.0.0.1 5000 80\r\nGET /none HTTP/1.1\r\n"
						+ "Host: x\r\nConnection: close\r\n\r\n"))
					.startsWith("HTTP/1.1 404 ");
			});
	}

	@Test
	void readsNginxsListenParameter() {
		runner.withPropertyValues("webserv.servers[0].listen=127.0.0.1:0 proxy_protocol").run(context -> {
			assertThat(context.getBean(ServerConfig.class).servers().get(0).listen())
				.containsExactly(new ListenAddress("127.0.0.1", 0, true));
		});
	}

	@Test
	void refusesAZeroProxyHeaderTimeout() {
		runner.withPropertyValues("webserv.timeouts.proxy-header=0s").run(context -> {
			assertThat(context).hasFailed();
			Throwable cause = context.getStartupFailure();
			while (cause != null && !(cause instanceof InvalidConfigurationPropertyValueException)) {
				cause = cause.getCause();
			}
			assertThat(cause).isNotNull();
			assertThat(cause.getMessage()).contains("webserv.timeouts.proxy-header", "must be positive");
		});
	}

	/** Sends the bytes and reads until the server closes. */
	private static String exchange(int port, String request) throws Exception {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			InputStream in = socket.getInputStream();
			return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
		}
	}

}
