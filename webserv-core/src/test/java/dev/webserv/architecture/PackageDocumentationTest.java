package dev.webserv.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * Every core package says in its javadoc what it is for, whether it is API or internal,
 * and what it may use; and every package is classified in {@link CorePackages}, so a new
 * one cannot slip past the architecture rules.
 */
class PackageDocumentationTest {

	private static final Path SOURCES = Path.of("src/main/java/dev/webserv");

	@Test
	void everyPackageIsClassifiedAndDocumented() throws IOException {
		List<String> packages = packages();

		assertThat(packages).as("packages under %s", SOURCES.toAbsolutePath()).contains("api", "parser");
		for (String pkg : packages) {
			assertThat(pkg).as("a package CorePackages does not classify")
				.isIn(concat(CorePackages.API, CorePackages.INTERNAL, List.of(CorePackages.EXAMPLE)));
			Path info = directory(pkg).resolve("package-info.java");
			assertThat(info).as("package-info of %s", pkg).exists();
			String javadoc = Files.readString(info);
			assertThat(javadoc).as("package-info of %s", pkg).contains("May use:");
			if (CorePackages.INTERNAL.contains(pkg)) {
				assertThat(javadoc).as("package-info of %s", pkg).startsWith("/**\n * Internal (");
			}
			else if (CorePackages.API.contains(pkg)) {
				assertThat(javadoc).as("package-info of %s", pkg)
					.doesNotContain("Internal (")
					.containsAnyOf("Public API", "public API");
			}
		}
	}

	@Test
	void everyClassifiedPackageExists() throws IOException {
		List<String> packages = packages();

		assertThat(packages)
			.containsAll(concat(CorePackages.API, CorePackages.INTERNAL, List.of(CorePackages.EXAMPLE)));
		assertThat(CorePackages.MAY_USE.keySet()).containsExactlyInAnyOrderElementsOf(packages);
	}

	private static List<String> packages() throws IOException {
		List<String> packages = new ArrayList<>();
		packages.add("api");
		try (Stream<Path> children = Files.list(SOURCES)) {
			children.filter(Files::isDirectory).forEach(child -> packages.add(child.getFileName().toString()));
		}
		return packages;
	}

	private static Path directory(String pkg) {
		return pkg.equals("api") ? SOURCES : SOURCES.resolve(pkg);
	}

	@SafeVarargs
	private static List<String> concat(List<String>... lists) {
		List<String> all = new ArrayList<>();
		for (List<String> list : lists) {
			all.addAll(list);
		}
		return all;
	}

}
