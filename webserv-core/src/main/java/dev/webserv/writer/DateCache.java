package dev.webserv.writer;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The "Date: ...\r\n" header line, formatted at most once a second. One per event loop: no sharing. */
public final class DateCache {

	private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter
		.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
		.withZone(ZoneOffset.UTC);

	private long second = Long.MIN_VALUE;
	private byte[] line;

	/** The current Date header line, CRLF included. */
	public byte[] line() {
		long now = System.currentTimeMillis() / 1000;
		if (now != second) {
			second = now;
			line = ("Date: " + format(now * 1000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
		}
		return line;
	}

	/** An HTTP date (IMF-fixdate, RFC 9110 §5.6.7). */
	public static String format(long epochMillis) {
		return IMF_FIXDATE.format(Instant.ofEpochMilli(epochMillis));
	}
}
