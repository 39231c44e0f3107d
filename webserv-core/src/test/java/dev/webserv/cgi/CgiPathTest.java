package dev.webserv.cgi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CgiPathTest {

	private static final List<String> EXTENSIONS = List.of(".py", ".sh", ".cgi");

	@ParameterizedTest(name = "{0} -> {1} + ''{2}''")
	@CsvSource(delimiter = '|', textBlock = """
			/cgi-bin/env.py              | /cgi-bin/env.py   | ''
			/cgi-bin/env.py/             | /cgi-bin/env.py   | /
			/cgi-bin/env.py/a/b          | /cgi-bin/env.py   | /a/b
			/app.cgi/x.py/y              | /app.cgi          | /x.py/y
			/dir.sh.d/run.sh             | /dir.sh.d/run.sh  | ''
			""")
	void splitsScriptNameAndPathInfo(String path, String scriptName, String pathInfo) {
		CgiPath found = CgiPath.find(path, EXTENSIONS);

		assertThat(found.scriptName()).isEqualTo(scriptName);
		assertThat(found.pathInfo()).isEqualTo(pathInfo);
	}

	@ParameterizedTest(name = "{0} has no script")
	@ValueSource(strings = { "/", "/cgi-bin/", "/cgi-bin/.py", "/readme.txt", "/python/x", "/a.pyc" })
	void findsNoScriptWithoutAnExtension(String path) {
		assertThat(CgiPath.find(path, EXTENSIONS)).isNull();
	}

	@Test
	void prefersTheLongestExtension() {
		assertThat(CgiPath.find("/x.tar.sh", List.of(".sh", ".tar.sh")).extension()).isEqualTo(".tar.sh");
		assertThat(CgiPath.dotted("py")).isEqualTo(".py");
		assertThat(CgiPath.dotted(".py")).isEqualTo(".py");
	}

}
