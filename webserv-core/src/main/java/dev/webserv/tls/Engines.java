package dev.webserv.tls;

import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

import dev.webserv.config.Tls;

/**
 * Makes the server-side engine for one connection from the chosen server's {@link Tls}:
 * its protocols and cipher suites, client authentication, and ALPN answering
 * {@code http/1.1} (a client that offers only other protocols gets no ALPN answer rather
 * than an alert, as nginx does).
 */
public final class Engines {

	/** The one application protocol spoken. */
	public static final String HTTP_1_1 = "http/1.1";

	private Engines() {
	}

	public static SSLEngine create(Tls tls) {
		SSLContext context = tls.context().get();
		if (context == null) {
			throw new IllegalStateException("the TLS context supplier gave null");
		}
		SSLEngine engine = context.createSSLEngine();
		engine.setUseClientMode(false);
		SSLParameters parameters = engine.getSSLParameters();
		parameters.setProtocols(tls.protocols().toArray(String[]::new));
		if (!tls.cipherSuites().isEmpty()) {
			parameters.setCipherSuites(tls.cipherSuites().toArray(String[]::new));
		}
		switch (tls.clientAuth()) {
			case NEED -> parameters.setNeedClientAuth(true);
			case WANT -> parameters.setWantClientAuth(true);
			default -> {
			}
		}
		parameters.setApplicationProtocols(new String[] { HTTP_1_1 });
		engine.setSSLParameters(parameters);
		engine.setHandshakeApplicationProtocolSelector(Engines::selectProtocol);
		return engine;
	}

	/** http/1.1 when offered; otherwise none (an empty answer: no ALPN extension). */
	private static String selectProtocol(SSLEngine engine, List<String> offered) {
		return offered.contains(HTTP_1_1) ? HTTP_1_1 : "";
	}

}
