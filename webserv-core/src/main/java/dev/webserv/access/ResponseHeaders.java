package dev.webserv.access;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

import dev.webserv.Response;
import dev.webserv.config.AddHeader;
import dev.webserv.config.Expires;

/**
 * The headers a location adds to its responses: nginx's {@code add_header} and
 * {@code expires}. As in nginx, both apply only to 200, 201, 204, 206, 301, 302, 303,
 * 304, 307 and 308, except headers marked {@code always}. Expires sets Expires and
 * Cache-Control as nginx does: a positive time gives {@code max-age}, zero
 * {@code max-age=0}, a negative time and {@code epoch} {@code no-cache}, {@code max} ten
 * years and 2037.
 */
public final class ResponseHeaders {

	private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter
		.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
		.withZone(ZoneOffset.UTC);

	private final List<AddHeader> headers;

	private final Expires expires;

	private final LongSupplier clockMillis;

	/**
	 * @param expires the expiry, or null for none
	 */
	public ResponseHeaders(List<AddHeader> headers, Expires expires, LongSupplier clockMillis) {
		this.headers = List.copyOf(headers);
		this.expires = expires;
		this.clockMillis = clockMillis;
	}

	public ResponseHeaders(List<AddHeader> headers, Expires expires) {
		this(headers, expires, System::currentTimeMillis);
	}

	public boolean isEmpty() {
		return headers.isEmpty() && expires == null;
	}

	public void apply(Response response) {
		boolean success = addsTo(response.status());
		if (success && expires != null) {
			expire(response);
		}
		for (AddHeader header : headers) {
			// not twice: a handler that hands out one shared response must not grow it
			if ((success || header.always()) && !response.headers().getAll(header.name()).contains(header.value())) {
				response.header(header.name(), header.value());
			}
		}
	}

	private void expire(Response response) {
		switch (expires.kind()) {
			case MAX -> set(response, "Thu, 31 Dec 2037 23:55:55 GMT", "max-age=315360000");
			case EPOCH -> set(response, "Thu, 01 Jan 1970 00:00:01 GMT", "no-cache");
			default -> {
				long seconds = expires.seconds();
				String date = HTTP_DATE.format(Instant.ofEpochMilli(clockMillis.getAsLong() + seconds * 1000));
				set(response, date, seconds < 0 ? "no-cache" : "max-age=" + seconds);
			}
		}
	}

	private static void set(Response response, String expires, String cacheControl) {
		response.setHeader("Expires", expires);
		response.setHeader("Cache-Control", cacheControl);
	}

	/** The statuses nginx's headers filter adds to without {@code always}. */
	static boolean addsTo(int status) {
		return switch (status) {
			case 200, 201, 204, 206, 301, 302, 303, 304, 307, 308 -> true;
			default -> false;
		};
	}

}
