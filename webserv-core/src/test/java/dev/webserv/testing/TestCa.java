package dev.webserv.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A certificate authority made at test time with the JDK's keytool (no private key is
 * checked in): EC P-256 keys, a CA, server certificates for "localhost" (with 127.0.0.1)
 * and "other.test", and a client certificate for mutual TLS. Made once per test JVM in a
 * temporary folder.
 */
public final class TestCa {

	public static final String PASSWORD = "changeit";

	private static TestCa instance;

	private final Path dir;

	private TestCa(Path dir) {
		this.dir = dir;
	}

	public static synchronized TestCa get() {
		if (instance == null) {
			try {
				Path dir = Files.createTempDirectory("webserv-test-ca");
				TestCa ca = new TestCa(dir);
				ca.make();
				instance = ca;
			}
			catch (IOException e) {
				throw new UncheckedIOException(e);
			}
		}
		return instance;
	}

	private void make() throws IOException {
		keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
				"CN=webserv test CA", "-ext", "bc:c", "-validity", "3", "-keystore", "ca.p12");
		keytool("-exportcert", "-alias", "ca", "-rfc", "-keystore", "ca.p12", "-file", "ca.pem");
		keytool("-importcert", "-alias", "ca", "-file", "ca.pem", "-noprompt", "-keystore", "trust.p12");
		issue("localhost", "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1", "serverAuth");
		issue("other", "CN=other.test", "SAN=dns:other.test,dns:*.other.test", "serverAuth");
		issue("client", "CN=test client,O=webserv", null, "clientAuth");
	}

	/** A key pair in {@code name}.p12, its certificate signed by the CA. */
	private void issue(String name, String dname, String san, String usage) throws IOException {
		String store = name + ".p12";
		keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname, "-validity",
				"3", "-keystore", store);
		keytool("-certreq", "-alias", name, "-keystore", store, "-file", name + ".csr");
		List<String> sign = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-keystore", "ca.p12", "-infile",
				name + ".csr", "-outfile", name + ".pem", "-rfc", "-validity", "3", "-ext", "eku=" + usage));
		if (san != null) {
			sign.addAll(List.of("-ext", san));
		}
		keytool(sign.toArray(String[]::new));
		keytool("-importcert", "-alias", "ca", "-file", "ca.pem", "-noprompt", "-keystore", store);
		keytool("-importcert", "-alias", name, "-file", name + ".pem", "-noprompt", "-keystore", store);
	}

	private void keytool(String... args) throws IOException {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
		command.addAll(List.of(args));
		command.addAll(List.of("-storepass", PASSWORD, "-storetype", "PKCS12"));
		Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
		try {
			String output = new String(process.getInputStream().readAllBytes());
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
			}
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new IOException(e);
		}
	}

	/** The CA certificate in PEM (for curl --cacert, openssl -CAfile). */
	public Path caPem() {
		return dir.resolve("ca.pem");
	}

	/** A PKCS#12 key store with the key and chain of "localhost", "other" or "client". */
	public Path keyStore(String name) {
		return dir.resolve(name + ".p12");
	}

	/** The PEM certificate of "localhost", "other" or "client". */
	public Path certificate(String name) {
		return dir.resolve(name + ".pem");
	}

	/** A server context presenting {@code name}'s certificate and trusting the CA. */
	public SSLContext serverContext(String name) {
		return context(name);
	}

	/** A client context trusting the CA, with no certificate of its own. */
	public SSLContext clientContext() {
		return context(null);
	}

	/** A client context trusting the CA and presenting the client certificate. */
	public SSLContext clientContextWithCertificate() {
		return context("client");
	}

	private SSLContext context(String keyName) {
		try {
			SSLContext context = SSLContext.getInstance("TLS");
			KeyManagerFactory keys = null;
			if (keyName != null) {
				keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
				keys.init(load(keyStore(keyName)), PASSWORD.toCharArray());
			}
			TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trust.init(load(dir.resolve("trust.p12")));
			context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
			return context;
		}
		catch (GeneralSecurityException | IOException e) {
			throw new IllegalStateException(e);
		}
	}

	private static KeyStore load(Path file) throws IOException, GeneralSecurityException {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(file)) {
			store.load(in, PASSWORD.toCharArray());
		}
		return store;
	}

}
