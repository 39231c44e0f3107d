package dev.webserv.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

import org.junit.jupiter.api.Test;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.Tls;
import dev.webserv.config.Tls.ClientAuth;
import dev.webserv.events.TlsFailure;
import dev.webserv.testing.Await;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.TlsEvents;
import dev.webserv.testing.TestCa;

/**
 * Delegated tasks run user code (the key manager picks the certificate, the trust manager
 * checks the client's chain), which may block: a revocation check over the network, say.
 * The loop's budget counts time only after a batch ends, so one such batch stalls every
 * connection of the loop. Such a stall must not repeat: past one slow batch the tasks go
 * to the I/O executor, and the client's chain is never checked on the loop. A task that
 * throws costs its handshake, not the loop.
 */
class SlowHandshakeTasksTest {

	/** How long the key or trust manager takes: several loop windows. */
	private static final Duration STALL = Duration.ofMillis(600);

	/** Far below the stall, far above a keep-alive answer on a busy machine. */
	private static final Duration BOUND = Duration.ofMillis(400);

	@Test
	void aKeyManagerThatBlocksStallsTheLoopOnceAtMost() throws Exception {
		SSLContext context = context(true, false);
		try (Webserv server = start(Tls.of(context))) {
			assertAnsweredQuicklyDuringHandshakes(server, TestCa.get().clientContext());
		}
	}

	@Test
	void theClientsChainIsNeverCheckedOnTheLoop() throws Exception {
		SSLContext context = context(false, true);
		try (Webserv server = start(Tls.of(context).withClientAuth(ClientAuth.WANT))) {
			assertAnsweredQuicklyDuringHandshakes(server, TestCa.get().clientContextWithCertificate());
		}
	}

	private static Webserv start(Tls tls) {
		return TlsServers.start(s -> s.tls(tls).route("GET", "/", Handler.nonBlocking(r -> Response.ok("fine"))),
				config -> config.ioThreads(1));
	}

	/**
	 * An established keep-alive client (no client certificate) asks again and again while
	 * other clients handshake one after another: every answer comes within the bound.
	 */
	private static void assertAnsweredQuicklyDuringHandshakes(Webserv server, SSLContext others) throws Exception {
		ExecutorService flood = Executors.newSingleThreadExecutor();
		try (SSLSocket kept = TlsSockets.open(server.port(), "localhost", TestCa.get().clientContext())) {
			RawClient client = new RawClient(kept);
			kept.setSoTimeout(10_000);
			client.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
			assertThat(client.read().bodyText()).isEqualTo("fine");

			AtomicBoolean flooding = new AtomicBoolean(true);
			Future<Integer> handshakes = flood.submit(() -> {
				int done = 0;
				while (flooding.get()) {
					try (SSLSocket socket = TlsSockets.open(server.port(), "localhost", others)) {
						socket.getSession().invalidate();
						done++;
					}
				}
				return done;
			});
			long slowest = 0;
			long until = System.nanoTime() + Duration.ofMillis(1500).toNanos();
			while (System.nanoTime() < until) {
				long sent = System.nanoTime();
				client.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n");
				assertThat(client.read().bodyText()).isEqualTo("fine");
				slowest = Math.max(slowest, System.nanoTime() - sent);
				Thread.sleep(5); // paced: a keep-alive connection's requests are bounded
			}
			flooding.set(false);
			assertThat(handshakes.get(10, TimeUnit.SECONDS)).as("handshakes meanwhile").isPositive();
			assertThat(Duration.ofNanos(slowest)).as("the slowest keep-alive answer").isLessThan(BOUND);
		}
		finally {
			flood.shutdownNow();
		}
	}

	@Test
	void aKeyManagerThatThrowsCostsTheHandshakeNotTheLoop() throws Exception {
		SSLContext good = context(false, false);
		SSLContext slow = context(true, false);
		SSLContext broken = throwing();
		AtomicReference<SSLContext> current = new AtomicReference<>(broken);
		TlsEvents events = new TlsEvents();
		try (Webserv server = TlsServers.start(
				s -> s.tls(Tls.of(current::get)).route("GET", "/", Handler.nonBlocking(r -> Response.ok("fine"))),
				config -> config.ioThreads(1).events(events))) {
			assertHandshakeFails(server); // its tasks on the loop
			current.set(slow);
			TlsSockets.open(server.port(), "localhost", TestCa.get().clientContext()).close();
			current.set(broken);
			assertHandshakeFails(server); // on the I/O executor, past the slow batch
			Await.until("both told as failed handshakes", () -> events.failures(TlsFailure.HANDSHAKE) == 2);
			current.set(good);
			try (SSLSocket socket = TlsSockets.open(server.port(), "localhost", TestCa.get().clientContext())) {
				assertThat(TlsSockets.get(socket, "localhost", "/")).endsWith("fine");
			}
		}
	}

	private static void assertHandshakeFails(Webserv server) {
		long start = System.nanoTime();
		assertThatExceptionOfType(IOException.class)
			.isThrownBy(() -> TlsSockets.open(server.port(), "localhost", TestCa.get().clientContext()).close());
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
	}

	/** The test CA's "localhost" context, its key or trust manager stalling. */
	private static SSLContext context(boolean slowKeys, boolean slowTrust) throws Exception {
		KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keys.init(load("localhost.p12"), TestCa.PASSWORD.toCharArray());
		TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trust.init(load("trust.p12"));
		X509ExtendedKeyManager keyManager = (X509ExtendedKeyManager) keys.getKeyManagers()[0];
		X509ExtendedTrustManager trustManager = (X509ExtendedTrustManager) trust.getTrustManagers()[0];
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(new javax.net.ssl.KeyManager[] { slowKeys ? HookedKeys.slow(keyManager) : keyManager },
				new javax.net.ssl.TrustManager[] { slowTrust ? new SlowTrust(trustManager) : trustManager }, null);
		return context;
	}

	/** A key manager that throws (a broken custom one). */
	private static SSLContext throwing() throws Exception {
		KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keys.init(load("localhost.p12"), TestCa.PASSWORD.toCharArray());
		SSLContext throwing = SSLContext.getInstance("TLS");
		throwing.init(new javax.net.ssl.KeyManager[] {
				new HookedKeys((X509ExtendedKeyManager) keys.getKeyManagers()[0], engine -> {
					throw new IllegalStateException("broken key manager");
				}) }, null, null);
		return throwing;
	}

	private static KeyStore load(String name) throws IOException, GeneralSecurityException {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(TestCa.get().keyStore("localhost").resolveSibling(name))) {
			store.load(in, TestCa.PASSWORD.toCharArray());
		}
		return store;
	}

	private static void stall() {
		try {
			Thread.sleep(STALL.toMillis());
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	/** Runs a hook (a stall, a failure) before choosing the server's certificate. */
	private static final class HookedKeys extends X509ExtendedKeyManager {

		private final X509ExtendedKeyManager keys;

		private final Consumer<SSLEngine> hook;

		HookedKeys(X509ExtendedKeyManager keys, Consumer<SSLEngine> hook) {
			this.keys = keys;
			this.hook = hook;
		}

		/** Stalls once per handshake. */
		static HookedKeys slow(X509ExtendedKeyManager keys) {
			Set<SSLEngine> stalled = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
			return new HookedKeys(keys, engine -> {
				if (stalled.add(engine)) {
					stall();
				}
			});
		}

		@Override
		public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
			hook.accept(engine);
			return keys.chooseEngineServerAlias(keyType, issuers, engine);
		}

		@Override
		public String[] getClientAliases(String keyType, Principal[] issuers) {
			return keys.getClientAliases(keyType, issuers);
		}

		@Override
		public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
			return keys.chooseClientAlias(keyType, issuers, socket);
		}

		@Override
		public String[] getServerAliases(String keyType, Principal[] issuers) {
			return keys.getServerAliases(keyType, issuers);
		}

		@Override
		public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
			return keys.chooseServerAlias(keyType, issuers, socket);
		}

		@Override
		public X509Certificate[] getCertificateChain(String alias) {
			return keys.getCertificateChain(alias);
		}

		@Override
		public PrivateKey getPrivateKey(String alias) {
			return keys.getPrivateKey(alias);
		}

	}

	/** Stalls when checking a client's chain. */
	private static final class SlowTrust extends X509ExtendedTrustManager {

		private final X509ExtendedTrustManager trust;

		SlowTrust(X509ExtendedTrustManager trust) {
			this.trust = trust;
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
				throws CertificateException {
			stall();
			trust.checkClientTrusted(chain, authType, engine);
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
				throws CertificateException {
			trust.checkClientTrusted(chain, authType, socket);
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
				throws CertificateException {
			trust.checkServerTrusted(chain, authType, socket);
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
				throws CertificateException {
			trust.checkServerTrusted(chain, authType, engine);
		}

		@Override
		public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			trust.checkClientTrusted(chain, authType);
		}

		@Override
		public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
			trust.checkServerTrusted(chain, authType);
		}

		@Override
		public X509Certificate[] getAcceptedIssuers() {
			return trust.getAcceptedIssuers();
		}

	}

}
