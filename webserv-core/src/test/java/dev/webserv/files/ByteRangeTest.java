package dev.webserv.files;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ByteRangeTest {

	@ParameterizedTest(name = "{0} of 100 -> {1}-{2}")
	@CsvSource(delimiter = '|', textBlock = """
			bytes=0-0                    | 0  | 0
			bytes=0-99                   | 0  | 99
			bytes=10-19                  | 10 | 19
			bytes=90-                    | 90 | 99
			bytes=90-1000                | 90 | 99
			bytes=-10                    | 90 | 99
			bytes=-1000                  | 0  | 99
			BYTES=5-6                    | 5  | 6
			bytes= 5-6                   | 5  | 6
			bytes=99-99999999999999999999 | 99 | 99
			""")
	void readsASingleRange(String header, long first, long last) {
		assertThat(ByteRange.parse(header, 100)).isEqualTo(new ByteRange(first, last));
	}

	@ParameterizedTest(name = "{0} of 100 is unsatisfiable")
	@ValueSource(strings = { "bytes=100-", "bytes=100-200", "bytes=-0", "bytes=99999999999999999999-" })
	void findsUnsatisfiableRanges(String header) {
		assertThat(ByteRange.parse(header, 100)).isSameAs(ByteRange.UNSATISFIABLE);
	}

	@ParameterizedTest(name = "{0} means the whole file")
	@ValueSource(strings = { "", "bytes=", "bytes=-", "bytes=5", "bytes=6-5", "bytes=a-b", "bytes=1-2,4-5", "items=0-1",
			"bytes=+1-2", "bytes=1--2", "bytes=0x1-2" })
	void ignoresWhatItCannotHonour(String header) {
		assertThat(ByteRange.parse(header, 100)).isNull();
	}

	@org.junit.jupiter.api.Test
	void findsEveryRangeOfAnEmptyFileUnsatisfiable() {
		assertThat(ByteRange.parse("bytes=0-", 0)).isSameAs(ByteRange.UNSATISFIABLE);
		assertThat(ByteRange.parse("bytes=-5", 0)).isSameAs(ByteRange.UNSATISFIABLE);
	}

	@org.junit.jupiter.api.Test
	void writesContentRange() {
		assertThat(new ByteRange(4, 8).contentRange(45)).isEqualTo("bytes 4-8/45");
		assertThat(new ByteRange(4, 8).length()).isEqualTo(5);
		assertThat(ByteRange.unsatisfiedRange(45)).isEqualTo("bytes */45");
	}

}
