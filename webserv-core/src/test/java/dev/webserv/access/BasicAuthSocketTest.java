package dev.webserv.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.Location;
import dev.webserv.config.ServerConfig;
import dev.webserv.config.VirtualServer;

/** nginx's auth_basic and auth_basic_user_file, over real sockets. */
class BasicAuthSocketTest {

	/** Password "U*U" (Openwall's vector). */
	static final String ALICE = "alice:$2a$05$CCCCCCCCCCCCCCCCCCCCC.E5YPO9kmyuRGyh0XouQYb4YMJKvyOeW";

	private static final Handler SECRET = Handler.nonBlocking(request -> Response.ok("secret"));

	@TempDir
	Path directory;

	@Test
	void asksForCredentialsWith401AndLetsTheRightOnesIn() throws Exception {
		Path users = write("users", ALICE, "# a comment", "", "bob:" + sha("hunter2"));
		try (Sites site = Sites.start(server -> server
			.location(Location.builder("/private").authBasic("Staff \"only\"", users).handler(SECRET).build()))) {

			HttpResponse<String> challenged = site.get("/private/x");
			assertThat(challenged.statusCode()).isEqualTo(401);
			assertThat(challenged.headers().firstValue("WWW-Authenticate"))
				.hasValue("Basic realm=\"Staff \\\"only\\\"\", charset=\"UTF-8\"");
			assertThat(challenged.body()).contains("401 Unauthorized");
			assertThat(site.get("/private/x", "Authorization", basic("alice", "U*U")).body()).isEqualTo("secret");
			assertThat(site.get("/private/x", "Authorization", basic("bob", "hunter2")).statusCode()).isEqualTo(200);
			assertThat(site.get("/private/x", "Authorization", basic("alice", "U*u")).statusCode()).isEqualTo(401);
			assertThat(site.get("/private/x", "Authorization", basic("mallory", "U*U")).statusCode()).isEqualTo(401);
			assertThat(site.refusals).hasSize(3).allMatch(refusal -> refusal.startsWith("auth_basic "));
		}
	}

	@Test
	void answersMalformedCredentialsWith401() throws Exception {
		Path users = write("users", ALICE);
		try (Sites site = Sites
			.start(server -> server.location(Location.builder("/").authBasic("r", users).handler(SECRET).build()))) {

			for (String bad : List.of("Basic !!!", "Basic", "Bearer abc", "Basic " + base64("no-colon"),
					"Basic " + base64(":U*U"), "basic " + base64("alice:U*U") + "x")) {
				assertThat(site.get("/", "Authorization", bad).statusCode()).as(bad).isEqualTo(401);
			}
			assertThat(site.get("/", "Authorization", "basic " + base64("alice:U*U")).statusCode())
				.as("the scheme is case-insensitive")
				.isEqualTo(200);
		}
	}

	@Test
	void rereadsTheFileWhenItChanges() throws Exception {
		Path users = write("users", ALICE);
		try (Sites site = Sites
			.start(server -> server.location(Location.builder("/").authBasic("r", users).handler(SECRET).build()))) {
			assertThat(site.get("/", "Authorization", basic("carol", "pw")).statusCode()).isEqualTo(401);

			write("users", "carol:" + sha("pw"));

			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
			int status = 0;
			while (status != 200 && System.nanoTime() < deadline) {
				status = site.get("/", "Authorization", basic("carol", "pw")).statusCode();
			}
			assertThat(status).isEqualTo(200);
			assertThat(site.get("/", "Authorization", basic("alice", "U*U")).statusCode()).isEqualTo(401);
		}
	}

	@Test
	void keepsTheLastGoodFileWhenAChangeDoesNotParse() throws Exception {
		Path users = write("users", ALICE);
		try (Sites site = Sites
			.start(server -> server.location(Location.builder("/").authBasic("r", users).handler(SECRET).build()))) {
			write("users", ALICE, "broken line without a colon, longer so the size changes");
			Thread.sleep(1100); // past the once-a-second check: the bad file is read and
								// refused
			assertThat(site.get("/", "Authorization", basic("alice", "U*U")).statusCode()).isEqualTo(200);
			assertThat(site.get("/", "Authorization", basic("alice", "U*U")).statusCode()).isEqualTo(200);
		}
	}

	@Test
	void aLineThatDoesNotParseFailsStartUpNamingFileAndLine() throws Exception {
		Path users = write("users", ALICE, "bob:$apr1$abc$def", "carol");

		assertThatThrownBy(() -> start(users)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining(users.toString())
			.hasMessageContaining("line 2")
			.hasMessageContaining("$apr1$");
		Path missing = directory.resolve("missing");
		assertThatThrownBy(() -> start(missing)).hasMessageContaining(missing.toString());
		assertThatThrownBy(() -> start(write("short", "dave:$2y$05$tooShort"))).hasMessageContaining("line 1");
	}

	/**
	 * A password check costs bcrypt's time on a worker: with one event loop and slow
	 * checks under way, other requests are answered at once.
	 */
	@Test
	void aSlowPasswordCheckNeverHoldsOtherRequests() throws Exception {
		Path users = write("users", "slow:" + BcryptLines.hash("pw", 15)); // about a
																			// second
		try (Sites site = Sites.start(server -> server
			.location(Location.builder("/private").authBasic("r", users).handler(SECRET).build())
			.location(Location.builder("/").handler(Handler.nonBlocking(request -> Response.ok("fast"))).build()))) {
			List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				slow.add(site.getAsync("/private", "Authorization", basic("slow", "pw")));
			}
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
			while (site.server.statistics().handlersRunning() == 0 && System.nanoTime() < deadline) {
				Thread.onSpinWait();
			}
			assertThat(site.server.statistics().handlersRunning()).isPositive();

			long worst = 0;
			for (int i = 0; i < 10; i++) {
				long start = System.nanoTime();
				assertThat(site.get("/fast").body()).isEqualTo("fast");
				worst = Math.max(worst, System.nanoTime() - start);
			}
			assertThat(slow).as("the checks were still running").anyMatch(future -> !future.isDone());
			// one check alone takes over a second: a request queued behind one would show
			// it
			assertThat(TimeUnit.NANOSECONDS.toMillis(worst)).isLessThan(800);
			for (CompletableFuture<HttpResponse<String>> future : slow) {
				assertThat(future.get(60, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
			}
		}
	}

	private static Webserv start(Path users) {
		return new Webserv(ServerConfig.builder()
			.server(VirtualServer.builder()
				.listen("127.0.0.1:0")
				.location(Location.builder("/").authBasic("r", users).handler(SECRET).build())
				.build())
			.build());
	}

	private Path write(String name, String... lines) throws Exception {
		Path file = directory.resolve(name);
		Files.write(file, List.of(lines));
		return file;
	}

	static String basic(String user, String password) {
		return "Basic " + base64(user + ":" + password);
	}

	private static String base64(String text) {
		return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
	}

	static String sha(String password) throws Exception {
		byte[] digest = MessageDigest.getInstance("SHA-1").digest(password.getBytes(StandardCharsets.UTF_8));
		return "{SHA}" + Base64.getEncoder().encodeToString(digest);
	}

}
