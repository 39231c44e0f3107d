package dev.webserv.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;

class ValidatorsTest {

	private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter
		.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
		.withZone(ZoneOffset.UTC);

	@Test
	void formatsHttpDatesAsTheJdkFormatterDoes() {
		Random random = new Random(42);
		long earliest = Instant.parse("0000-01-01T00:00:00Z").toEpochMilli();
		long latest = Instant.parse("9999-12-31T23:59:59Z").toEpochMilli();
		for (int i = 0; i < 100_000; i++) {
			Instant instant = Instant.ofEpochMilli(earliest + (long) (random.nextDouble() * (latest - earliest)));
			assertThat(Validators.formatDate(instant)).as(instant.toString()).isEqualTo(IMF_FIXDATE.format(instant));
		}
	}

	@Test
	void formatsTheEdgesOfDaysYearsAndCenturies() {
		for (String text : new String[] { "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z", "2000-02-29T12:00:00Z",
				"1900-03-01T00:00:00Z", "2024-12-31T23:59:59Z", "2100-02-28T23:59:59Z", "0000-01-01T00:00:00Z",
				"9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "-0001-06-01T00:00:00Z", "+10000-01-01T00:00:00Z" }) {
			Instant instant = Instant.parse(text);
			assertThat(Validators.formatDate(instant)).as(text).isEqualTo(IMF_FIXDATE.format(instant));
		}
	}

	@Test
	void parsesWhatItFormats() {
		Instant instant = Instant.parse("2024-03-05T07:08:09Z");
		assertThat(Validators.parseDate(Validators.formatDate(instant))).isEqualTo(instant.getEpochSecond());
	}

	@Test
	void parsesTheThreeDateFormatsOfRfc9110() {
		long expected = Instant.parse("1994-11-06T08:49:37Z").getEpochSecond();
		assertThat(Validators.parseDate("Sun, 06 Nov 1994 08:49:37 GMT")).isEqualTo(expected);
		assertThat(Validators.parseDate("Sunday, 06-Nov-94 08:49:37 GMT")).isEqualTo(expected);
		assertThat(Validators.parseDate("Sun Nov  6 08:49:37 1994")).isEqualTo(expected);
		assertThat(Validators.parseDate("Sun Nov 16 08:49:37 1994")).isEqualTo(expected + 10 * 86_400);
	}

	@Test
	void readsATwoDigitYearAsNeverMoreThanFiftyYearsAhead() {
		int now = java.time.Year.now(ZoneOffset.UTC).getValue();
		int ahead = (now + 49) % 100;
		int behind = (now + 51) % 100;
		assertThat(Validators.parseDate(String.format("Monday, 01-Jan-%02d 00:00:00 GMT", ahead)))
			.isEqualTo(Instant.parse((now + 49) + "-01-01T00:00:00Z").getEpochSecond());
		assertThat(Validators.parseDate(String.format("Monday, 01-Jan-%02d 00:00:00 GMT", behind)))
			.isEqualTo(Instant.parse((now - 49) + "-01-01T00:00:00Z").getEpochSecond());
	}

	@Test
	void ignoresWhatIsNotADate() {
		for (String text : new String[] { "", "yesterday", "Sun Nov 6 08:49:37 1994", "Sunday, 06-Nov-94 25:49:37 GMT",
				"Sunday, 06-Nov-1994 08:49:37 GMT", "Sun Nov  6 08:49:37 94" }) {
			assertThat(Validators.parseDate(text)).as(text).isNull();
		}
	}

}
