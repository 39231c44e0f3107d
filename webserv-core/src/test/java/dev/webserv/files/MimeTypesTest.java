package dev.webserv.files;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MimeTypesTest {

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			index.html   | text/html; charset=utf-8
			INDEX.HTM    | text/html; charset=utf-8
			a.min.js     | text/javascript; charset=utf-8
			font.woff2   | font/woff2
			app.wasm     | application/wasm
			clip.mp4     | video/mp4
			archive.gz   | application/gzip
			noext        | application/octet-stream
			trailing.    | application/octet-stream
			.hidden      | application/octet-stream
			x.exe        | application/octet-stream
			""")
	void findsTypesByExtension(String name, String type) {
		assertThat(MimeTypes.forName(name)).isEqualTo(type);
	}

	@Test
	void picksTheUsualExtensionForAType() {
		assertThat(MimeTypes.extensionFor("text/plain; charset=utf-8")).isEqualTo(".txt");
		assertThat(MimeTypes.extensionFor("IMAGE/JPEG")).isEqualTo(".jpg");
		assertThat(MimeTypes.extensionFor("text/html")).isEqualTo(".html");
		assertThat(MimeTypes.extensionFor("application/x-unknown")).isEqualTo(".bin");
		assertThat(MimeTypes.extensionFor(null)).isEqualTo(".bin");
	}

}
