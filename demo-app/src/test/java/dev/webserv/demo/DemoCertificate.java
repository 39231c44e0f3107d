package dev.webserv.demo;

import java.io.InputStream;
import java.security.KeyStore;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The demo's self-signed certificate (demo-tls/demo.p12, made by keytool at build time),
 * for clients of its HTTPS listener.
 */
final class DemoCertificate {

	private DemoCertificate() {
	}

	/** A client context trusting the demo's certificate, and nothing else. */
	static SSLContext trustingIt() throws Exception {
		KeyStore demo = KeyStore.getInstance("PKCS12");
		try (InputStream in = DemoCertificate.class.getResourceAsStream("/demo-tls/demo.p12")) {
			demo.load(in, "changeit".toCharArray());
		}
		KeyStore trusted = KeyStore.getInstance("PKCS12");
		trusted.load(null, null);
		trusted.setCertificateEntry("demo", demo.getCertificate("demo"));
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trust.init(trusted);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, trust.getTrustManagers(), null);
		return context;
	}

}
