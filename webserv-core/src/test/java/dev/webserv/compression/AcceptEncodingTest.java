package dev.webserv.compression;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AcceptEncodingTest {

	@ParameterizedTest(name = "[{0}] prefers gzip: {1}")
	@CsvSource(delimiter = '|', nullValues = "NULL",
			value = { "gzip|true", "GZip|true", "gzip, deflate, br|true", "br;q=1.0, gzip;q=0.8, *;q=0.1|true",
					"*|true", "gzip;q=0|false", "gzip;q=0.000|false", "*;q=0|false", "identity|false",
					"identity;q=0|false", "gzip;q=0.5, identity|false", "gzip;q=0.5, identity;q=0.5|true",
					"gzip;q=0.001, identity;q=0|true", "deflate|false", "NULL|false", "''|false", "gzip , , br|true",
					"gzip;Q=1|true",
					// malformed: the whole field is ignored
					"gzip;q=2|false", "gzip;q=1.5|false", "gzip;q=0.5555|false", "gzip;q=|false", "gzip;q=.5|false",
					"gzip;level=1|false", "g zip|false", "gzip;;q=1|false", "gzip;q=0.5x|false", "gzip;q=1.|true" })
	void prefersGzip(String header, boolean expected) {
		assertThat(AcceptEncoding.parse(header).prefers("gzip")).isEqualTo(expected);
	}

	@ParameterizedTest(name = "[{0}] q({1}) = {2}")
	@CsvSource(delimiter = '|', value = { "gzip;q=0.5|gzip|500", "*;q=0.3|br|300", "br, *;q=0.3|br|1000",
			"gzip|identity|1000", "*;q=0|identity|0", "identity;q=0, *|identity|0", "gzip;q=0.2, gzip;q=0.7|gzip|700" })
	void qualities(String header, String coding, int quality) {
		assertThat(AcceptEncoding.parse(header).quality(coding)).isEqualTo(quality);
	}

}
