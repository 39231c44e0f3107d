package dev.webserv.access;

import java.time.Instant;
import java.util.function.LongSupplier;

import dev.webserv.Response;
import dev.webserv.files.Validators;

/**
 * nginx's {@code expires}: {@code 1h}, {@code 30d}, {@code 1h 30m}, {@code -1} (seconds),
 * {@code max}, {@code epoch} or {@code off}, setting Expires and Cache-Control as nginx
 * does: a positive time gives {@code max-age}, zero {@code max-age=0}, a negative time
 * and {@code epoch} {@code no-cache}, {@code max} ten years and 2037.
 */
public final class Expires {

	private static final String MAX_DATE = "Thu, 31 Dec 2037 23:55:55 GMT";

	private static final String EPOCH_DATE = "Thu, 01 Jan 1970 00:00:01 GMT";

	private enum Kind {

		SECONDS, MAX, EPOCH

	}

	private final Kind kind;

	private final long seconds;

	private final LongSupplier clockMillis;

	private Expires(Kind kind, long seconds, LongSupplier clockMillis) {
		this.kind = kind;
		this.seconds = seconds;
		this.clockMillis = clockMillis;
	}

	/**
	 * Parses a value; null for {@code off} or none.
	 * @throws IllegalArgumentException naming the value when it does not parse
	 */
	public static Expires parse(String value, LongSupplier clockMillis) {
		if (value == null || value.isBlank() || value.trim().equals("off")) {
			return null;
		}
		String text = value.trim();
		if (text.equals("max")) {
			return new Expires(Kind.MAX, 0, clockMillis);
		}
		if (text.equals("epoch")) {
			return new Expires(Kind.EPOCH, 0, clockMillis);
		}
		return new Expires(Kind.SECONDS, seconds(text, value), clockMillis);
	}

	public static Expires parse(String value) {
		return parse(value, System::currentTimeMillis);
	}

	/** "-1h 30m": an optional sign, then numbers each with a unit (s when none). */
	private static long seconds(String text, String value) {
		boolean negative = text.startsWith("-");
		String rest = negative ? text.substring(1) : text;
		long total = 0;
		int at = 0;
		while (at < rest.length()) {
			int start = at;
			while (at < rest.length() && Character.isDigit(rest.charAt(at))) {
				at++;
			}
			if (at == start || at - start > 9) {
				throw bad(value);
			}
			long number = Long.parseLong(rest.substring(start, at));
			long unit = at < rest.length() ? unit(rest.charAt(at++), value) : 1;
			total += number * unit;
			while (at < rest.length() && rest.charAt(at) == ' ') {
				at++;
			}
		}
		if (rest.isEmpty()) {
			throw bad(value);
		}
		return negative ? -total : total;
	}

	private static long unit(char unit, String value) {
		return switch (unit) {
			case 's' -> 1;
			case 'm' -> 60;
			case 'h' -> 3600;
			case 'd' -> 86_400;
			case 'w' -> 604_800;
			case 'M' -> 2_592_000;
			case 'y' -> 31_536_000;
			default -> throw bad(value);
		};
	}

	private static IllegalArgumentException bad(String value) {
		return new IllegalArgumentException("expires: '" + value
				+ "' is not a time ('1h', '30d', '1h 30m', '-1'), 'max', 'epoch' or 'off' ('modified' and '@' are not supported)");
	}

	/** Sets Expires and Cache-Control on the response. */
	public void apply(Response response) {
		switch (kind) {
			case MAX -> set(response, MAX_DATE, "max-age=315360000");
			case EPOCH -> set(response, EPOCH_DATE, "no-cache");
			default -> {
				String date = Validators.formatDate(Instant.ofEpochMilli(clockMillis.getAsLong() + seconds * 1000));
				set(response, date, seconds < 0 ? "no-cache" : "max-age=" + seconds);
			}
		}
	}

	private static void set(Response response, String expires, String cacheControl) {
		response.setHeader("Expires", expires);
		response.setHeader("Cache-Control", cacheControl);
	}

}
