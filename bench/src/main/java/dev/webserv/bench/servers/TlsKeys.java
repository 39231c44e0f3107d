package dev.webserv.bench.servers;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The TLS every server of run.sh's {@code tls} section speaks: the certificate run.sh
 * makes with openssl (ECDSA P-256, in a PKCS#12 file with the password {@code bench}),
 * TLS 1.3 only, and only TLS_AES_128_GCM_SHA256, so every client negotiates the same
 * cipher whatever it prefers.
 */
public final class TlsKeys {

	public static final List<String> PROTOCOLS = List.of("TLSv1.3");

	public static final List<String> CIPHER_SUITES = List.of("TLS_AES_128_GCM_SHA256");

	private static final char[] PASSWORD = "bench".toCharArray();

	private TlsKeys() {
	}

	/** The key managers of the PKCS#12 file's one key and certificate. */
	public static KeyManagerFactory keyManagers(Path pkcs12) throws Exception {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(pkcs12)) {
			store.load(in, PASSWORD);
		}
		KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		factory.init(store, PASSWORD);
		return factory;
	}

	/** A JDK server context with that key (protocols and suites are set per engine). */
	public static SSLContext context(Path pkcs12) throws Exception {
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(keyManagers(pkcs12).getKeyManagers(), null, null);
		return context;
	}

}
