package dev.webserv.files;

import java.nio.file.attribute.BasicFileAttributes;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.webserv.Request;
import dev.webserv.Status;
import dev.webserv.writer.DateCache;

/**
 * A file's validators, Last-Modified and ETag, and the conditional requests that use them
 * (RFC 9110 §13): If-Match and If-Unmodified-Since for 412, If-None-Match and
 * If-Modified-Since for 304 (or 412 on a method that changes state), If-Range for whether
 * a Range still applies.
 *
 * <p>
 * The ETag is nginx's: modification time and size in hex, strong, so a changed file gets
 * a new tag without reading it.
 */
public final class Validators {

	private static final Instant YEAR_1 = Instant.parse("0001-01-01T00:00:00Z");

	private static final Instant YEAR_9999 = Instant.parse("9999-12-31T23:59:59Z");

	private static final DateTimeFormatter OUT_OF_RANGE = DateTimeFormatter
		.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
		.withZone(ZoneOffset.UTC);

	/** RFC 9110 §15.5.13, for a condition that does not hold. */
	public static final int PRECONDITION_FAILED = 412;

	private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

	private static final String MONTH = "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";

	private static final String TIME = "(\\d{2}:\\d{2}:\\d{2})";

	private static final Pattern RFC_850 = Pattern
		.compile("(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\\d{2})-" + MONTH + "-(\\d{2}) " + TIME
				+ " GMT");

	private static final Pattern ASCTIME = Pattern
		.compile("(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) " + MONTH + " ([ \\d]\\d) " + TIME + " (\\d{4})");

	private final long modifiedSeconds;

	private final String lastModified;

	private final String etag;

	public Validators(BasicFileAttributes attributes) {
		this(attributes.lastModifiedTime().toInstant(), attributes.size());
	}

	/** Validators of content that is not a file (a class path entry). */
	public Validators(Instant modified, long size) {
		this.modifiedSeconds = modified.getEpochSecond();
		this.lastModified = formatDate(Instant.ofEpochSecond(modifiedSeconds));
		this.etag = "\"" + Long.toHexString(modifiedSeconds) + "-" + Long.toHexString(size) + "\"";
	}

	public String lastModified() {
		return lastModified;
	}

	public String etag() {
		return etag;
	}

	public static String formatDate(Instant instant) {
		if (instant.isBefore(YEAR_1) || instant.isAfter(YEAR_9999)) {
			return OUT_OF_RANGE.format(instant); // signed years, as before; and no
													// overflow to milliseconds
		}
		return DateCache.format(instant.toEpochMilli());
	}

	/**
	 * The preconditions of a request on this representation: see
	 * {@link #precondition(Request, Validators)}.
	 */
	public int precondition(Request request) {
		return precondition(request, this);
	}

	/**
	 * Evaluates the preconditions of a request in the order of RFC 9110 §13.2.2:
	 * If-Match, else If-Unmodified-Since; then If-None-Match, else If-Modified-Since (GET
	 * and HEAD only). The caller evaluates them only where it would otherwise succeed
	 * (§13.2.1), and If-Range after them.
	 * @param current the validators of the target's current representation, or null when
	 * it has none (a PUT to a new name)
	 * @return 0 to go on, {@link Status#NOT_MODIFIED} (GET and HEAD) or
	 * {@link #PRECONDITION_FAILED}
	 */
	public static int precondition(Request request, Validators current) {
		boolean read = request.method().equals("GET") || request.method().equals("HEAD");
		String ifMatch = request.header("If-Match");
		if (ifMatch != null) {
			if (current == null || !current.matches(ifMatch, false)) {
				return PRECONDITION_FAILED;
			}
		}
		else if (current != null) {
			Long since = parseDate(request.header("If-Unmodified-Since"));
			if (since != null && current.modifiedSeconds > since) {
				return PRECONDITION_FAILED;
			}
		}
		String ifNoneMatch = request.header("If-None-Match");
		if (ifNoneMatch != null) {
			if (current != null && current.matches(ifNoneMatch, true)) {
				return read ? Status.NOT_MODIFIED : PRECONDITION_FAILED;
			}
		}
		else if (read && current != null && current.notModifiedSince(request.header("If-Modified-Since"))) {
			return Status.NOT_MODIFIED;
		}
		return 0;
	}

	private boolean notModifiedSince(String ifModifiedSince) {
		if (lastModified.equals(ifModifiedSince)) {
			return true; // what a browser sends back: our own Last-Modified, so no need
							// to parse it
		}
		Long since = parseDate(ifModifiedSince);
		return since != null && modifiedSeconds <= since;
	}

	/**
	 * Whether a Range may be honoured: no If-Range, or one naming this very version
	 * (strongly).
	 */
	public boolean rangeStillValid(Request request) {
		String ifRange = request.header("If-Range");
		if (ifRange == null) {
			return true;
		}
		String value = ifRange.trim();
		if (value.startsWith("\"") || value.startsWith("W/")) {
			return value.equals(etag);
		}
		Long date = parseDate(value);
		return date != null && date == modifiedSeconds;
	}

	/**
	 * Whether a list of entity tags ("*" or "a", W/"b") holds ours: by weak comparison
	 * (If-None-Match), else by strong comparison, where a weak tag never matches
	 * (If-Match).
	 */
	private boolean matches(String list, boolean weak) {
		if (list.trim().equals("*")) {
			return true;
		}
		for (String candidate : list.split(",")) {
			String tag = candidate.trim();
			if (tag.startsWith("W/")) {
				if (!weak) {
					continue;
				}
				tag = tag.substring(2);
			}
			if (tag.equals(etag)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Epoch seconds of an HTTP date in any of the three formats RFC 9110 §5.6.7 requires
	 * recipients to accept: IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"), RFC 850
	 * ("Sunday, 06-Nov-94 08:49:37 GMT", a two-digit year more than 50 years ahead being
	 * in the past century) and asctime ("Sun Nov 6 08:49:37 1994"); null when absent or
	 * not a date (then the condition is ignored).
	 */
	static Long parseDate(String text) {
		if (text == null) {
			return null;
		}
		String date = text.trim();
		try {
			return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond();
		}
		catch (DateTimeParseException notImf) {
			// one of the obsolete formats, below
		}
		try {
			Matcher rfc850 = RFC_850.matcher(date);
			if (rfc850.matches()) {
				int year = pastYear(Integer.parseInt(rfc850.group(3)));
				return epochSecond(year, rfc850.group(2), rfc850.group(1), rfc850.group(4));
			}
			Matcher asctime = ASCTIME.matcher(date);
			if (asctime.matches()) {
				return epochSecond(Integer.parseInt(asctime.group(4)), asctime.group(1), asctime.group(2).trim(),
						asctime.group(3));
			}
		}
		catch (DateTimeException notADate) {
			// 31-Feb and the like
		}
		return null;
	}

	/** A two-digit year as RFC 9110 §5.6.7 reads it: never more than 50 years ahead. */
	private static int pastYear(int twoDigits) {
		int now = Year.now(ZoneOffset.UTC).getValue();
		int year = now - now % 100 + twoDigits;
		return year > now + 50 ? year - 100 : year;
	}

	private static long epochSecond(int year, String month, String day, String time) {
		LocalDate date = LocalDate.of(year, MONTHS.indexOf(month) / 3 + 1, Integer.parseInt(day));
		return date.atTime(LocalTime.parse(time)).toEpochSecond(ZoneOffset.UTC);
	}

}
