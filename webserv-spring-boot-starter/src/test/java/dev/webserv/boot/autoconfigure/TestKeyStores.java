package dev.webserv.boot.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Self-signed PKCS#12 key stores made with the JDK's keytool at test time (no private key
 * is checked in), and a client context that trusts them.
 */
final class TestKeyStores {

	static final String PASSWORD = "changeit";

	private TestKeyStores() {
	}

	/**
	 * A key store at {@code file} holding an EC key and a self-signed certificate for
	 * CN=cn.
	 */
	static Path create(Path file, String cn) throws IOException, InterruptedException {
		List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
				"-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + cn,
				"-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "3", "-keystore", file.toString(), "-storetype",
				"PKCS12", "-storepass", PASSWORD);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes());
		if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
			throw new IOException("keytool failed: " + output);
		}
		return file;
	}

	/** A client context trusting the certificates of these key stores. */
	static SSLContext trusting(Path... stores) throws Exception {
		KeyStore trusted = KeyStore.getInstance("PKCS12");
		trusted.load(null, null);
		for (int i = 0; i < stores.length; i++) {
			KeyStore store = KeyStore.getInstance("PKCS12");
			try (InputStream in = Files.newInputStream(stores[i])) {
				store.load(in, PASSWORD.toCharArray());
			}
			trusted.setCertificateEntry("server" + i, store.getCertificate("server"));
		}
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trust.init(trusted);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, trust.getTrustManagers(), null);
		return context;
	}

}
