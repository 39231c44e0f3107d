package dev.webserv.access;

import static dev.webserv.access.BasicAuthSocketTest.basic;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.config.Location;
import dev.webserv.testing.RawClient;
import dev.webserv.testing.RawClient.RawResponse;

/**
 * A flood of wrong passwords against a bcrypt user, all sent at once over raw sockets:
 * the server runs at most one check per core and lets a few wait; the rest get 503 with
 * Retry-After at once instead of a queue as long as the flood. Meanwhile a plain request
 * on another location is answered at once, and so is a blocking handler (on virtual
 * threads too, whose carriers the checks must not hold), and afterwards the right
 * password gets in.
 */
class PasswordFloodTest {

	private static final Handler SECRET = Handler.nonBlocking(request -> Response.ok("secret"));

	@TempDir
	Path directory;

	@Test
	void aFloodOfWrongPasswordsIsBoundedAndAnsweredWhileOtherRequestsGoOn() throws Exception {
		Path users = directory.resolve("users");
		// cost 12: about a tenth of a second a check, so the flood's checks overlap
		Files.write(users, List.of("alice:" + BcryptLines.hash("right", 12)));
		PasswordChecks bound = PasswordChecks.forThisMachine();
		int flood = bound.capacity() + 12;
		try (Sites site = Sites.start(server -> server
			.location(Location.builder("/private").authBasic("r", users).handler(SECRET).build())
			.location(Location.builder("/blocking").handler(request -> Response.ok("blocking")).build())
			.location(Location.builder("/").handler(Handler.nonBlocking(request -> Response.ok("plain"))).build()))) {
			List<RawClient> clients = new ArrayList<>();
			try {
				for (int i = 0; i < flood; i++) {
					clients.add(new RawClient(site.server.port(), 20_000));
				}
				String wrong = "GET /private HTTP/1.1\r\nHost: x\r\nAuthorization: " + basic("alice", "wrong")
						+ "\r\n\r\n";
				for (RawClient client : clients) {
					client.send(wrong);
				}

				long start = System.nanoTime();
				assertThat(site.get("/plain").body()).isEqualTo("plain");
				long plainMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
				start = System.nanoTime();
				assertThat(site.get("/blocking").body()).isEqualTo("blocking");
				long blockingMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

				int refused = 0;
				for (RawClient client : clients) {
					RawResponse response = client.read();
					assertThat(response.status()).isIn(401, 503);
					if (response.status() == 503) {
						refused++;
						assertThat(response.header("Retry-After")).isEqualTo("1");
					}
				}
				// the bound may free a place or two while the flood arrives on a busy
				// machine
				assertThat(refused).as("requests past the bound of " + bound.capacity() + " refused")
					.isGreaterThanOrEqualTo((flood - bound.capacity()) / 2);
				assertThat(plainMillis).as("a plain request during the flood").isLessThan(1000);
				assertThat(blockingMillis).as("a blocking handler during the flood").isLessThan(1000);
			}
			finally {
				for (RawClient client : clients) {
					client.close();
				}
			}
			assertThat(site.refusals).anyMatch(refusal -> refusal.startsWith("auth_basic_busy "));
			assertThat(site.get("/private", "Authorization", basic("alice", "right")).body()).isEqualTo("secret");
		}
	}

}
