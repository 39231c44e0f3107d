package dev.webserv.boot.reactive;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;
import org.springframework.boot.web.server.Compression;
import org.springframework.boot.web.server.Http2;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.WebServerException;
import org.springframework.boot.web.server.reactive.AbstractReactiveWebServerFactory;
import org.springframework.http.server.reactive.HttpHandler;

import dev.webserv.Webserv;
import dev.webserv.boot.WebservWebServer;
import dev.webserv.config.ConfigException;
import dev.webserv.config.ListenAddress;
import dev.webserv.config.ServerConfig;
import dev.webserv.config.Tls;

/**
 * Boot's {@code ReactiveWebServerFactory} for webserv: the WebFlux application (the
 * {@link HttpHandler}) answers, through {@link WebservHttpHandlerAdapter}, whatever the
 * webserv routes and locations of the configuration do not claim.
 *
 * <p>
 * Honoured from the factory: port (0 picks a free one, -1 starts nothing), address and
 * shutdown, and SSL ({@code server.ssl.*}, {@code server.ssl.bundle}: HTTPS on the port,
 * as on Reactor Netty) when there is no {@link WebservConfigSource} (the starter's source
 * reads {@code server.ssl.*} itself). The rest (limits, timeouts, compression, server
 * header) comes from the {@link WebservConfigSource}, which in a Boot application maps
 * {@code webserv.*} and Boot's standard keys. {@code server.compression} gzips the
 * application's responses ({@link ResponseCompression}; {@code excluded-user-agents} is
 * refused); HTTP/2 is refused (webserv speaks HTTP/1.1).
 */
public class WebservReactiveWebServerFactory extends AbstractReactiveWebServerFactory {

	private WebservConfigSource configSource;

	/**
	 * A factory for port 8080 whose server answers every request with the application.
	 */
	public WebservReactiveWebServerFactory() {
		this(8080);
	}

	public WebservReactiveWebServerFactory(int port) {
		super(port);
	}

	/** Where the configuration comes from; null: {@link WebservConfigSource#plain()}. */
	public void setConfigSource(WebservConfigSource configSource) {
		this.configSource = configSource;
	}

	@Override
	public WebServer getWebServer(HttpHandler httpHandler) {
		refuseUnsupported();
		boolean enabled = getPort() >= 0;
		ListenAddress primary = new ListenAddress(getAddress() != null ? getAddress().getHostAddress() : null,
				enabled ? getPort() : 0);
		WebservConfigSource source = configSource;
		if (source == null) {
			Tls tls = tls();
			source = WebservConfigSource.plain();
			primary = (tls != null && enabled) ? primary.withTls(tls) : primary;
		}
		ServerConfig config = source.build(primary, new WebservHttpHandlerAdapter(httpHandler, getCompression()));
		if (configSource != null && Ssl.isEnabled(getSsl())
				&& config.servers()
					.stream()
					.flatMap(server -> server.listen().stream())
					.noneMatch(ListenAddress::ssl)) {
			// set on the factory in code, not in server.ssl where the source reads it
			throw new WebServerException("SSL was set on the factory but its configuration source serves no TLS "
					+ "listener: set server.ssl.* (or webserv.servers[].ssl.bundle) instead", null);
		}
		return new WebservReactiveWebServer(() -> newServer(config), enabled ? primary : null);
	}

	private WebservWebServer newServer(ServerConfig config) {
		try {
			return new WebservWebServer(new Webserv(config), getShutdown());
		}
		catch (ConfigException e) {
			throw new WebServerException("Unable to create webserv: " + e.getMessage(), e);
		}
	}

	private void refuseUnsupported() {
		Compression compression = getCompression();
		if (compression != null && compression.getEnabled() && compression.getExcludedUserAgents() != null
				&& compression.getExcludedUserAgents().length > 0) {
			throw new WebServerException(
					"webserv does not honour server.compression.excluded-user-agents: " + "remove it", null);
		}
		Http2 http2 = getHttp2();
		if (http2 != null && http2.isEnabled()) {
			throw new WebServerException("webserv does not support HTTP/2 yet; it speaks HTTP/1.1", null);
		}
	}

	/**
	 * The factory's SSL settings (a factory without the starter's source, as in the
	 * management server's child context): HTTPS on its port, as on Reactor Netty.
	 * @return null when SSL is off
	 */
	private Tls tls() {
		Ssl ssl = getSsl();
		if (!Ssl.isEnabled(ssl)) {
			return null;
		}
		Tls.ClientAuth clientAuth = ssl.getClientAuth() == null ? Tls.ClientAuth.NONE
				: Tls.ClientAuth.valueOf(ssl.getClientAuth().name());
		try {
			Tls tls = tls(getSslBundle(), clientAuth);
			for (Map.Entry<String, SslBundle> named : getServerNameSslBundles().entrySet()) {
				tls = tls.withServerName(named.getKey(), tls(named.getValue(), clientAuth));
			}
			return tls;
		}
		catch (RuntimeException e) {
			throw new WebServerException("Unable to use the SSL settings (" + describe(ssl) + "): " + e.getMessage(),
					e);
		}
	}

	private static Tls tls(SslBundle bundle, Tls.ClientAuth clientAuth) {
		SSLContext context = bundle.createSslContext();
		SslOptions options = bundle.getOptions();
		return new Tls(() -> context, list(options.getEnabledProtocols()), list(options.getCiphers()), clientAuth,
				null);
	}

	private static String describe(Ssl ssl) {
		return ssl.getBundle() != null ? "ssl.bundle=" + ssl.getBundle() : ssl.getCertificate() != null
				? "ssl.certificate=" + ssl.getCertificate() : "ssl.key-store=" + ssl.getKeyStore();
	}

	private static List<String> list(String[] values) {
		return values == null ? List.of() : Arrays.asList(values);
	}

}
