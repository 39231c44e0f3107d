package dev.webserv.parser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PathDecoderTest {

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			/                     | /
			/index.html           | /index.html
			/dir/                 | /dir/
			/a/b/c                | /a/b/c
			/a/./b                | /a/b
			/a/.                  | /a/
			/a/..                 | /
			/a/../                | /
			/a/b/../c             | /a/c
			/a/b/../../c/         | /c/
			/.                    | /
			/./                   | /
			/a/.b/..c/...         | /a/.b/..c/...
			//a///b               | /a/b
			/a//                  | /a/
			//                    | /
			/a/%2e/b              | /a/b
			/a/%2E%2e/b           | /b
			/a/.%2e               | /
			/a%20b                | /a b
			/%41%62c              | /Abc
			/caf%C3%A9            | /café
			/%E2%82%AC            | /€
			/%F0%9F%98%80         | /😀
			/a%3Fb%23c%3B         | /a?b#c;
			/a+b                  | /a+b
			/%25                  | /%
			""")
	void decodesAndNormalizes(String raw, String expected) {
		assertThat(PathDecoder.decodePath(raw)).isEqualTo(expected);
	}

	@Test
	void returnsAPlainPathAsItIs() {
		String raw = "/static/app.js";
		assertThat(PathDecoder.decodePath(raw)).isSameAs(raw);
	}

	@ParameterizedTest(name = "traversal {0}")
	@ValueSource(strings = { "/..", "/../", "/../x", "/a/../../x", "/a/../..", "/./../x", "/%2e%2e/x", "/%2E%2E",
			"/.%2e/x", "/%2e./x", "//../x", "/a/b/../../../x", "/a/%2e%2e/%2e%2e/x" })
	void refusesPathsClimbingAboveTheRoot(String raw) {
		assertBadPath(raw);
	}

	@ParameterizedTest(name = "refuses {0}")
	@ValueSource(strings = { "/a%2fb", "/a%2Fb", "/%2f", "/a%00b", "/a\u0000b", "/a\\b", "/a%5cb", "/a%5Cb", "/a%0Ab",
			"/a%7F", "/a b", "/a\tb" })
	void refusesEncodedSlashNulBackslashAndControls(String raw) {
		assertBadPath(raw);
	}

	@ParameterizedTest(name = "refuses {0}")
	@ValueSource(strings = { "/%C0%AF", "/%C0%AE%C0%AE/x", "/%E0%80%AF", "/%F0%80%80%AF", "/%C1%BF", "/%80", "/%C3",
			"/%C3%28", "/%ED%A0%80", "/%F4%90%80%80", "/%F5%80%80%80", "/%FF", "/caf\u00e9" })
	void refusesInvalidOrOverlongUtf8(String raw) {
		assertBadPath(raw);
	}

	@ParameterizedTest(name = "refuses {0}")
	@ValueSource(strings = { "/%", "/%4", "/%zz", "/%4g", "/a%", "/%%41" })
	void refusesBadPercentEscapes(String raw) {
		assertBadPath(raw);
	}

	@ParameterizedTest(name = "refuses {0}")
	@ValueSource(strings = { "", "a/b", "*", "%2F" })
	void refusesPathsNotStartingWithASlash(String raw) {
		assertBadPath(raw);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', textBlock = """
			plain        | plain
			a+b          | a b
			a%2Bb        | a+b
			%2F%3D%26    | /=&
			caf%C3%A9    | café
			''           | ''
			""")
	void decodesQueryComponents(String raw, String expected) {
		assertThat(PathDecoder.decodeQueryComponent(raw)).isEqualTo(expected);
	}

	@Test
	void keepsControlCharactersInQueryComponents() {
		assertThat(PathDecoder.decodeQueryComponent("line%0Abreak%00")).isEqualTo("line\nbreak\0");
	}

	@ParameterizedTest(name = "refuses {0}")
	@ValueSource(strings = { "%", "a%2", "%GG", "%C0%AF", "%FF", "é" })
	void refusesBadQueryComponentsWithBadTarget(String raw) {
		BadRequestException e = catchThrowableOfType(() -> PathDecoder.decodeQueryComponent(raw),
				BadRequestException.class);
		assertThat(e).isNotNull();
		assertThat(e.rejection()).isEqualTo(Rejection.BAD_TARGET);
	}

	private static void assertBadPath(String raw) {
		BadRequestException e = catchThrowableOfType(() -> PathDecoder.decodePath(raw), BadRequestException.class);
		assertThat(e).as("rejection of %s", raw).isNotNull();
		assertThat(e.rejection()).isEqualTo(Rejection.BAD_PATH);
	}

}
