package dev.webserv.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.webserv.config.Location;
import dev.webserv.handler.TestSite;
import dev.webserv.handler.TestSite.RawResponse;

/**
 * Every way out of the document root we know of, sent raw so no client library cleans it
 * up first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TraversalTest {

	private static final String SECRET = "TOP SECRET";

	private TestSite site;

	@BeforeAll
	void start(@TempDir Path temp) throws IOException {
		Path www = TestSite.copyWww(temp);
		Path outside = Files.createDirectories(temp.resolve("secret"));
		Files.writeString(outside.resolve("passwd.txt"), SECRET);
		Files.createSymbolicLink(www.resolve("escape"), outside);
		Files.createSymbolicLink(www.resolve("docs/leak.txt"), outside.resolve("passwd.txt"));
		Files.createSymbolicLink(www.resolve("docs/inside.txt"), www.resolve("docs/readme.txt"));
		Files.createSymbolicLink(www.resolve("docs/visible.txt"), www.resolve(".env"));
		Files.writeString(www.resolve(".env"), SECRET);
		Files.createDirectories(www.resolve(".git"));
		Files.writeString(www.resolve(".git/config"), SECRET);
		Files.createDirectories(www.resolve(".well-known"));
		Files.writeString(www.resolve(".well-known/security.txt"), "Contact: mailto:security@example.test");
		site = TestSite.start(server -> server.root(www).location(Location.builder("/").autoindex(true).build()));
	}

	@AfterAll
	void stop() {
		site.close();
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			/../secret/passwd.txt                          | 400
			/docs/../../secret/passwd.txt                  | 400
			/%2e%2e/secret/passwd.txt                      | 400
			/%2E%2e/secret/passwd.txt                      | 400
			/.%2e/secret/passwd.txt                        | 400
			/docs/%2e%2e%2f%2e%2e%2fsecret/passwd.txt      | 400
			/docs/..%2Fsecret                              | 400
			/docs/..%5c..%5csecret%5cpasswd.txt            | 400
			/docs/..\\..\\secret\\passwd.txt               | 400
			/docs/readme.txt%00.html                       | 400
			/docs/%00                                      | 400
			/%252e%252e/secret/passwd.txt                  | 404
			/%25%32%65%25%32%65/secret/passwd.txt          | 404
			/docs/%252e%252e%252fsecret                    | 404
			http://localhost/../secret/passwd.txt          | 400
			/escape/passwd.txt                             | 403
			/escape/                                       | 403
			/docs/leak.txt                                 | 403
			/.env                                          | 404
			/.git/config                                   | 404
			/docs/visible.txt                              | 404
			/%2eenv                                        | 404
			""")
	void refusesEveryWayOut(String target, int status) {
		RawResponse response = site.rawGet(target);

		assertThat(response.status()).isEqualTo(status);
		assertThat(response.body()).doesNotContain(SECRET);
	}

	@Test
	void servesSymlinksThatStayInside() {
		RawResponse response = site.rawGet("/docs/inside.txt");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).startsWith("The quick brown fox");
	}

	@Test
	void servesWellKnownDespiteTheDot() {
		assertThat(site.rawGet("/.well-known/security.txt").status()).isEqualTo(200);
	}

	@Test
	void answersAPathWithATooLongNameWith404() {
		assertThat(site.rawGet("/" + "a".repeat(300)).status()).isEqualTo(404);
		assertThat(site.rawGet(("/" + "b".repeat(250)).repeat(24)).status()).isEqualTo(404);
	}

	@Test
	void answersAPathLongerThanTheRequestLineLimitWith414() {
		assertThat(site.rawGet("/" + "c".repeat(9000)).status()).isEqualTo(414);
	}

	@Test
	void leavesHiddenAndEscapingEntriesOutOfListings() {
		RawResponse listing = site.rawGet("/");
		RawResponse docs = site.rawGet("/docs/");

		assertThat(listing.status()).isEqualTo(200);
		assertThat(listing.body()).doesNotContain(".env", ".git", "escape").contains("docs/");
		assertThat(docs.body()).contains("inside.txt").doesNotContain("leak.txt", "visible.txt");
	}

}
