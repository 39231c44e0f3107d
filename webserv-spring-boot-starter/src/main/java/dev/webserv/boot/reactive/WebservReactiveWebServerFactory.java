package dev.webserv.boot.reactive;

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

/**
 * Boot's {@code ReactiveWebServerFactory} for webserv: the WebFlux application (the
 * {@link HttpHandler}) answers, through {@link WebservHttpHandlerAdapter}, whatever the
 * webserv routes and locations of the configuration do not claim.
 *
 * <p>
 * Honoured from the factory: port (0 picks a free one, -1 starts nothing), address and
 * shutdown. The rest (limits, timeouts, compression, server header) comes from the
 * {@link WebservConfigSource}, which in a Boot application maps {@code webserv.*} and
 * Boot's standard keys. SSL and HTTP/2 are refused when set on a factory without that
 * source (webserv speaks HTTP/1.1, and TLS is configured through the source);
 * {@code server.compression} is refused (WebFlux responses are not compressed yet).
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
		WebservConfigSource source = configSource != null ? configSource : WebservConfigSource.plain();
		ServerConfig config = source.build(primary, new WebservHttpHandlerAdapter(httpHandler));
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
		if (compression != null && compression.getEnabled()) {
			// the core compresses what its locations answer, not exchange responses
			throw new WebServerException("webserv does not compress WebFlux responses yet: remove "
					+ "server.compression.enabled (webserv.servers[].compression still compresses what webserv's "
					+ "locations serve)", null);
		}
		Http2 http2 = getHttp2();
		if (http2 != null && http2.isEnabled()) {
			throw new WebServerException("webserv does not support HTTP/2 yet; it speaks HTTP/1.1", null);
		}
		Ssl ssl = getSsl();
		if (configSource == null && ssl != null && ssl.isEnabled()) {
			throw new WebServerException("webserv's reactive server factory does not take SSL settings: "
					+ "configure TLS through the webserv starter (server.ssl.* on the main server)", null);
		}
	}

}
