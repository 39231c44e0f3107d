package dev.webserv.files;

import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

import dev.webserv.Request;
import dev.webserv.writer.DateCache;

/**
 * A file's validators, Last-Modified and ETag, and the conditional requests that use them
 * (RFC 9110 §13): If-None-Match and If-Modified-Since for 304, If-Range for whether a
 * Range still applies.
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
	 * Whether a GET or HEAD may be answered 304: If-None-Match rules, If-Modified-Since
	 * only without it.
	 */
	public boolean notModified(Request request) {
		String ifNoneMatch = request.header("If-None-Match");
		if (ifNoneMatch != null) {
			return ifNoneMatch.equals(etag) || matches(ifNoneMatch);
		}
		String ifModifiedSince = request.header("If-Modified-Since");
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
	 * Whether a list of entity tags ("*" or "a", W/"b") holds ours, by weak comparison.
	 */
	private boolean matches(String list) {
		if (list.trim().equals("*")) {
			return true;
		}
		for (String candidate : list.split(",")) {
			String tag = candidate.trim();
			if (tag.startsWith("W/")) {
				tag = tag.substring(2);
			}
			if (tag.equals(etag)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Epoch seconds of an HTTP date, or null when absent or not a date (then the
	 * condition is ignored).
	 */
	static Long parseDate(String text) {
		if (text == null) {
			return null;
		}
		try {
			return ZonedDateTime.parse(text.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond();
		}
		catch (DateTimeParseException e) {
			return null;
		}
	}

}
