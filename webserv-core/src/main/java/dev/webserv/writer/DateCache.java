package dev.webserv.writer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The "Date: ...\r\n" header line, formatted at most once a second. One per event loop:
 * no sharing.
 */
public final class DateCache {

	private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter
		.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
		.withZone(ZoneOffset.UTC);

	private static final long SECONDS_PER_DAY = 86_400;

	private static final String[] WEEKDAYS = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };

	private static final String[] MONTHS = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
			"Nov", "Dec" };

	private long second = Long.MIN_VALUE;

	private byte[] line;

	/** The current Date header line, CRLF included. */
	public byte[] line() {
		return line(System.currentTimeMillis());
	}

	/**
	 * The Date header line at {@code epochMillis} (the event loop's time, so a response
	 * costs no clock read), CRLF included.
	 */
	public byte[] line(long epochMillis) {
		long now = Math.floorDiv(epochMillis, 1000);
		if (now != second) {
			second = now;
			line = ("Date: " + format(now * 1000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
		}
		return line;
	}

	/**
	 * An HTTP date (IMF-fixdate, RFC 9110 §5.6.7). Written out by hand, since a file's
	 * Last-Modified is formatted on the event loop; years outside 0001-9999 take the
	 * JDK's formatter, whose "yyyy" is the year of the era.
	 */
	public static String format(long epochMillis) {
		long seconds = Math.floorDiv(epochMillis, 1000);
		long days = Math.floorDiv(seconds, SECONDS_PER_DAY);
		int secondOfDay = (int) Math.floorMod(seconds, SECONDS_PER_DAY);
		// days to a civil date in the proleptic Gregorian calendar, in eras of 400 years
		// from 0000-03-01
		long shifted = days + 719_468;
		long era = Math.floorDiv(shifted, 146_097);
		int dayOfEra = (int) (shifted - era * 146_097);
		int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
		int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
		int marchMonth = (5 * dayOfYear + 2) / 153;
		int day = dayOfYear - (153 * marchMonth + 2) / 5 + 1;
		int month = marchMonth < 10 ? marchMonth + 3 : marchMonth - 9;
		long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
		if (year < 1 || year > 9999) {
			return IMF_FIXDATE.format(Instant.ofEpochMilli(epochMillis));
		}
		char[] out = new char[29];
		WEEKDAYS[(int) Math.floorMod(days + 4, 7)].getChars(0, 3, out, 0); // 1970-01-01
																			// was a
																			// Thursday
		out[3] = ',';
		out[4] = ' ';
		two(out, 5, day);
		out[7] = ' ';
		MONTHS[month - 1].getChars(0, 3, out, 8);
		out[11] = ' ';
		two(out, 12, (int) (year / 100));
		two(out, 14, (int) (year % 100));
		out[16] = ' ';
		two(out, 17, secondOfDay / 3600);
		out[19] = ':';
		two(out, 20, secondOfDay / 60 % 60);
		out[22] = ':';
		two(out, 23, secondOfDay % 60);
		" GMT".getChars(0, 4, out, 25);
		return new String(out);
	}

	private static void two(char[] out, int at, int value) {
		out[at] = (char) ('0' + value / 10);
		out[at + 1] = (char) ('0' + value % 10);
	}

}
