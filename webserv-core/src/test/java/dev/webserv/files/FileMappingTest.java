package dev.webserv.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileMappingTest {

	@TempDir
	Path temp;

	@Test
	void appendsTheWholePathToARoot() {
		FileMapping root = FileMapping.root(temp);

		assertThat(root.map("/")).isEqualTo(temp.toAbsolutePath());
		assertThat(root.map("/a/b.txt")).isEqualTo(temp.toAbsolutePath().resolve("a/b.txt"));
	}

	@Test
	void replacesTheLocationPrefixForAnAlias() {
		FileMapping alias = FileMapping.alias("/uploads", temp);

		assertThat(alias.map("/uploads")).isEqualTo(temp.toAbsolutePath());
		assertThat(alias.map("/uploads/")).isEqualTo(temp.toAbsolutePath());
		assertThat(alias.map("/uploads/x.png")).isEqualTo(temp.toAbsolutePath().resolve("x.png"));
		assertThat(alias.map("/uploadsx.png")).isNull();
		assertThat(alias.map("/other/x.png")).isNull();
		assertThat(FileMapping.alias("/up/", temp).map("/up/x")).isEqualTo(temp.toAbsolutePath().resolve("x"));
	}

	@Test
	void hidesDotNamesExceptWellKnown() {
		FileMapping root = FileMapping.root(temp);

		assertThat(root.map("/.git/config")).isNull();
		assertThat(root.map("/a/.env")).isNull();
		assertThat(root.map("/a/..b")).isNull();
		assertThat(root.map("/.well-known/x")).isNotNull();
		assertThat(root.map("/a/.well-known/x")).isNull();
		assertThat(root.map("/.well-knownx/x")).isNull();
		assertThat(root.map("/a.b/c.d")).isNotNull();
	}

	@Test
	void looksUpRealPathsAndRefusesThoseOutside() throws IOException {
		Path root = Files.createDirectories(temp.resolve("root"));
		Files.writeString(root.resolve("in.txt"), "in");
		Path outside = Files.writeString(temp.resolve("out.txt"), "out");
		Files.createSymbolicLink(root.resolve("out.txt"), outside);
		FileMapping files = FileMapping.root(root);

		assertThat(files.lookup("/in.txt").isRegularFile()).isTrue();
		assertThat(files.lookup("/in.txt").file()).isEqualTo(root.toRealPath().resolve("in.txt"));
		assertThat(files.lookup("/").isDirectory()).isTrue();
		assertThat(files.lookup("/out.txt").status()).isEqualTo(403);
		assertThat(files.lookup("/missing").status()).isEqualTo(404);
		assertThat(files.lookup("/in.txt/below").status()).isEqualTo(404);
		assertThat(files.lookup("/in.txt/").status()).isEqualTo(404);
	}

	@Test
	void findsNothingUnderARootThatDoesNotExist() {
		assertThat(FileMapping.root(temp.resolve("absent")).lookup("/x").status()).isEqualTo(404);
	}

	@Test
	void givesTheEncodedUriOfAFile() throws IOException {
		Path file = Files.writeString(temp.resolve("a b&c.txt"), "");

		assertThat(FileMapping.alias("/uploads", temp).uriOf(file.toRealPath())).isEqualTo("/uploads/a%20b%26c.txt");
		assertThat(FileMapping.root(temp).uriOf(file.toRealPath())).isEqualTo("/a%20b%26c.txt");
	}

}
