package dev.webserv.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.events.TlsFailure;
import dev.webserv.testing.TlsEvents;
import dev.webserv.testing.Await;
import dev.webserv.testing.TestCa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The protocol as other TLS stacks see it: openssl s_client and curl (Debian packages,
 * installed by .ci/run) for protocol versions, ALPN, close_notify and session resumption.
 */
class OpensslTest {

	private static final TlsEvents events = new TlsEvents();

	private static Webserv server;

	@BeforeAll
	static void start() {
		assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is installed");
		server = TlsServers.start(s -> s.route("GET", "/", Handler.nonBlocking(r -> Response.ok("hello tls"))),
				config -> config.events(events));
	}

	@AfterAll
	static void stop() {
		if (server != null) {
			server.stop();
		}
	}

	private record Run(int exit, String output) {
	}

	private static Run run(String stdin, String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		process.getOutputStream().write(stdin.getBytes(StandardCharsets.US_ASCII));
		process.getOutputStream().close();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
		return new Run(process.exitValue(), output);
	}

	private static Run sClient(String stdin, String... options) throws IOException, InterruptedException {
		List<String> command = new ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + server.port(),
				"-servername", "localhost", "-CAfile", TestCa.get().caPem().toString()));
		command.addAll(List.of(options));
		return run(stdin, command.toArray(String[]::new));
	}

	private static final String REQUEST = "GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n";

	@Test
	void refusesTls10And11() throws Exception {
		int before = events.failures(TlsFailure.PROTOCOL);
		assertThat(sClient("", "-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0").exit()).isNotZero();
		assertThat(sClient("", "-tls1", "-cipher", "DEFAULT@SECLEVEL=0").exit()).isNotZero();
		assertThat(events.failures(TlsFailure.PROTOCOL)).isEqualTo(before + 2);
	}

	@Test
	void speaksTls12AndTls13WithAVerifiedChain() throws Exception {
		Run tls12 = sClient(REQUEST, "-tls1_2", "-ign_eof");
		assertThat(tls12.output()).contains("Protocol  : TLSv1.2", "Verify return code: 0 (ok)", "hello tls");
		Run tls13 = sClient(REQUEST, "-tls1_3", "-ign_eof");
		assertThat(tls13.output()).contains("TLSv1.3", "Verify return code: 0 (ok)", "hello tls");
	}

	@Test
	void agreesOnHttp11ByAlpnAndIgnoresAnAlpnItDoesNotSpeak() throws Exception {
		assertThat(sClient(REQUEST, "-alpn", "h2,http/1.1", "-ign_eof").output()).contains("ALPN protocol: http/1.1",
				"hello tls");
		assertThat(sClient(REQUEST, "-alpn", "h2", "-ign_eof").output()).contains("No ALPN negotiated", "hello tls");
	}

	@Test
	void sendsCloseNotifyWhenItClosesAndAnswersTheClients() throws Exception {
		Run closedByServer = sClient(REQUEST, "-msg", "-ign_eof");
		assertThat(closedByServer.output())
			.containsPattern("<<< TLS 1.3, Alert \\[length 0002\\], warning close_notify");
		Run closedByClient = sClient("", "-msg");
		assertThat(closedByClient.output())
			.containsPattern(">>> TLS 1.3, Alert \\[length 0002\\], warning close_notify");
	}

	@Test
	void refusesATls12Renegotiation() throws Exception {
		int before = events.failures(TlsFailure.RENEGOTIATION);
		// s_client takes "R" as a command only without -ign_eof
		Run run = sClient("R\n", "-tls1_2");
		assertThat(run.output()).contains("RENEGOTIATING");
		Await.until(Duration.ofSeconds(5), "the renegotiation refused",
				() -> events.failures(TlsFailure.RENEGOTIATION) == before + 1);
	}

	@Test
	void resumesASession(@TempDir Path dir) throws Exception {
		Path session = dir.resolve("session.pem");
		Run first = sClient(REQUEST, "-sess_out", session.toString(), "-ign_eof");
		assertThat(first.output()).contains("hello tls");
		Run second = sClient(REQUEST, "-sess_in", session.toString(), "-ign_eof");
		assertThat(second.output()).contains("Reused, TLSv1.3", "hello tls");
	}

	@Test
	void curlGetsThePageWithTheTestCa() throws Exception {
		assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "curl is installed");
		Run curl = run("", "curl", "-sS", "-v", "--cacert", TestCa.get().caPem().toString(), "--resolve",
				"localhost:" + server.port() + ":127.0.0.1", "https://localhost:" + server.port() + "/");
		assertThat(curl.exit()).isZero();
		assertThat(curl.output()).contains("hello tls").containsPattern("ALPN.*http/1.1");
	}

}
