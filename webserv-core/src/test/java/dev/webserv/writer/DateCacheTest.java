package dev.webserv.writer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;

class DateCacheTest {

	private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter
		.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
		.withZone(ZoneOffset.UTC);

	@Test
	void formatsKnownInstantsAsImfFixdate() {
		assertThat(DateCache.format(0)).isEqualTo("Thu, 01 Jan 1970 00:00:00 GMT");
		assertThat(DateCache.format(-1)).isEqualTo("Wed, 31 Dec 1969 23:59:59 GMT");
		assertThat(DateCache.format(784111777_000L)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT"); // RFC
																									// 9110
		assertThat(DateCache.format(951_782_400_000L)).isEqualTo("Tue, 29 Feb 2000 00:00:00 GMT");
	}

	@Test
	void agreesWithTheJdkFormatterAcrossTheFourDigitYears() {
		Random random = new Random(9110);
		long first = Instant.parse("0001-01-01T00:00:00Z").toEpochMilli();
		long last = Instant.parse("9999-12-31T23:59:59Z").toEpochMilli();
		for (int i = 0; i < 100_000; i++) {
			long millis = first + (long) (random.nextDouble() * (last - first));
			assertThat(DateCache.format(millis)).as("%d ms", millis)
				.isEqualTo(IMF_FIXDATE.format(Instant.ofEpochMilli(millis)));
		}
	}

	@Test
	void leavesYearsPastFourDigitsToTheJdk() {
		long year10000 = ZonedDateTime.of(10000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).toInstant().toEpochMilli();

		assertThat(DateCache.format(year10000)).isEqualTo(IMF_FIXDATE.format(Instant.ofEpochMilli(year10000)));
	}

	@Test
	void givesTheCurrentDateLineAndReusesItWithinASecond() {
		byte[] line = new DateCache().line();
		String text = new String(line, StandardCharsets.US_ASCII);

		assertThat(text).startsWith("Date: ").endsWith(" GMT\r\n");
		Instant shown = IMF_FIXDATE.parse(text.substring(6, text.length() - 2), Instant::from);
		assertThat(shown).isBetween(Instant.now().minusSeconds(5), Instant.now().plusSeconds(1));

		DateCache cache = new DateCache();
		byte[] a = cache.line();
		byte[] b = cache.line();
		if (a != b) { // a second turned between the calls: two cannot turn between the
						// next two
			a = cache.line();
			b = cache.line();
		}
		assertThat(b).isSameAs(a);
	}

	@Test
	void formatsTheLineAtTheTimeItIsGivenOnceASecond() {
		DateCache cache = new DateCache();
		long second = 784_111_777_000L;

		byte[] line = cache.line(second + 1);

		assertThat(new String(line, StandardCharsets.US_ASCII)).isEqualTo("Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n");
		assertThat(cache.line(second + 999)).isSameAs(line);
		assertThat(new String(cache.line(second + 1000), StandardCharsets.US_ASCII))
			.isEqualTo("Date: Sun, 06 Nov 1994 08:49:38 GMT\r\n");
	}

}
