package dev.webserv.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FileNamesTest {

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			photo.jpg                | photo.jpg
			../../etc/passwd         | passwd
			C:\\Users\\me\\photo.jpg | photo.jpg
			.bashrc                  | bashrc
			...dots...               | dots
			' spaced name.txt '      | spaced name.txt
			a<b>c:d"e?g*h.txt        | a_b_c_d_e_g_h.txt
			café €.txt               | café _.txt
			tab\tname                | tab_name
			""")
	void makesNamesSafe(String name, String safe) {
		assertThat(FileNames.sanitize(name)).isEqualTo(safe);
	}

	@ParameterizedTest(name = "''{0}'' has no usable name")
	@ValueSource(strings = { "", ".", "..", "dir/", "C:\\", " . " })
	void givesUpOnNamesWithNothingLeft(String name) {
		assertThat(FileNames.sanitize(name)).isNull();
	}

	@Test
	void shortensLongNamesKeepingTheExtension() {
		String safe = FileNames.sanitize("é".repeat(300) + ".txt");

		assertThat(safe).endsWith("é.txt");
		assertThat(safe.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(200);
	}

	@Test
	void numbersAlternativesBeforeTheExtensions() {
		assertThat(FileNames.numbered("cat.png", 1)).isEqualTo("cat-1.png");
		assertThat(FileNames.numbered("a.tar.gz", 2)).isEqualTo("a-2.tar.gz");
		assertThat(FileNames.numbered("README", 3)).isEqualTo("README-3");
	}

	@Test
	void generatesNamesWithStampAndRandomPart() {
		assertThat(FileNames.generated(".txt")).matches("upload-\\d{8}-\\d{6}-[0-9a-f]{6}\\.txt");
		assertThat(FileNames.generated("")).isNotEqualTo(FileNames.generated(""));
	}

}
