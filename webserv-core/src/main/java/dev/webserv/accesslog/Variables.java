package dev.webserv.accesslog;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import dev.webserv.Request;
import dev.webserv.events.AccessRecord;

/**
 * nginx's log variables, each a function of one {@link AccessRecord}. A value that does
 * not exist (no head, no such header) is null, written as "-".
 */
final class Variables {

	private static final DateTimeFormatter TIME_LOCAL = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US)
		.withZone(ZoneId.systemDefault());

	private static final DateTimeFormatter TIME_ISO8601 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx")
		.withZone(ZoneId.systemDefault());

	/** Variables whose value is a number (unquoted in JSON). */
	static final java.util.Set<String> NUMERIC = java.util.Set.of("status", "body_bytes_sent", "bytes_sent",
			"request_time", "msec", "connection", "connection_requests", "server_port", "remote_port",
			"realip_remote_port");

	private static final Map<String, Function<AccessRecord, String>> FIXED = Map.ofEntries(
			Map.entry("remote_addr", r -> address(client(r))), Map.entry("remote_port", r -> port(client(r))),
			Map.entry("realip_remote_addr", r -> address(r.remoteAddress())),
			Map.entry("realip_remote_port", r -> port(r.remoteAddress())),
			Map.entry("remote_user", Variables::remoteUser),
			Map.entry("time_local", r -> TIME_LOCAL.format(Instant.ofEpochMilli(r.timeMillis()))),
			Map.entry("time_iso8601", r -> TIME_ISO8601.format(Instant.ofEpochMilli(r.timeMillis()))),
			Map.entry("msec", r -> String.format(Locale.ROOT, "%d.%03d", r.timeMillis() / 1000, r.timeMillis() % 1000)),
			Map.entry("request", Variables::requestLine), Map.entry("request_method", head(Request::method)),
			Map.entry("request_uri", head(Request::target)), Map.entry("uri", head(Request::path)),
			Map.entry("args", head(Request::query)), Map.entry("query_string", head(Request::query)),
			Map.entry("server_protocol", head(Request::version)), Map.entry("scheme", Variables::scheme),
			Map.entry("status", r -> Integer.toString(r.status())),
			Map.entry("body_bytes_sent", r -> Long.toString(r.bodyBytesSent())),
			Map.entry("bytes_sent", r -> Long.toString(r.bytesSent())),
			Map.entry("request_time", r -> seconds(r.durationNanos())),
			Map.entry("server_addr", r -> address(r.localAddress())),
			Map.entry("server_port", r -> port(r.localAddress())),
			Map.entry("connection", r -> Long.toString(r.connection())),
			Map.entry("connection_requests", r -> Integer.toString(r.connectionRequests())));

	/** Variables made of the request's bytes as they came (one character per byte). */
	private static final java.util.Set<String> AS_SENT = java.util.Set.of("request", "request_uri", "args",
			"query_string", "host");

	private Variables() {
	}

	/**
	 * Whether the variable's text is request bytes as they came, one character per byte
	 * (ISO-8859-1: header fields, the request line), rather than decoded text ($uri is
	 * UTF-8).
	 */
	static boolean asSent(String name) {
		return AS_SENT.contains(name) || name.startsWith("http_");
	}

	/**
	 * The variable of this name (without '$').
	 * @throws IllegalArgumentException naming an unknown variable
	 */
	static Function<AccessRecord, String> named(String name, String serverName) {
		if (name.equals("server_name")) {
			return r -> serverName;
		}
		if (name.equals("host")) {
			return r -> r.request() == null || r.request().host() == null ? serverName : r.request().host();
		}
		Function<AccessRecord, String> fixed = FIXED.get(name);
		if (fixed != null) {
			return fixed;
		}
		if (name.startsWith("http_") && name.length() > 5) {
			String header = name.substring(5).replace('_', '-');
			return r -> r.request() == null ? null : r.request().header(header);
		}
		throw new IllegalArgumentException("unknown variable $" + name);
	}

	/**
	 * The request's (behind trusted proxies, as its client made it), else the
	 * connection's.
	 */
	private static String scheme(AccessRecord record) {
		if (record.request() != null) {
			return record.request().scheme();
		}
		return record.tls() != null ? "https" : "http";
	}

	private static Function<AccessRecord, String> head(Function<Request, String> part) {
		return r -> r.request() == null ? null : part.apply(r.request());
	}

	private static String requestLine(AccessRecord r) {
		Request request = r.request();
		return request == null ? null : request.method() + " " + request.target() + " " + request.version();
	}

	/** The user name of Basic credentials, as nginx's $remote_user, unchecked. */
	private static String remoteUser(AccessRecord r) {
		String authorization = r.request() == null ? null : r.request().header("Authorization");
		if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
			return null;
		}
		try {
			String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
					StandardCharsets.UTF_8);
			int colon = decoded.indexOf(':');
			return colon <= 0 ? null : decoded.substring(0, colon);
		}
		catch (IllegalArgumentException notBase64) {
			return null;
		}
	}

	/**
	 * The real client (behind trusted proxies: the address they name), as nginx's
	 * $remote_addr after realip; $realip_remote_addr is the peer itself.
	 */
	private static InetSocketAddress client(AccessRecord r) {
		return r.request() != null && r.request().remoteAddress() != null ? r.request().remoteAddress()
				: r.remoteAddress();
	}

	private static String address(InetSocketAddress address) {
		return address == null ? null : address.getAddress().getHostAddress();
	}

	private static String port(InetSocketAddress address) {
		return address == null ? null : Integer.toString(address.getPort());
	}

	/** Seconds with millisecond resolution, as nginx's $request_time ("0.004"). */
	static String seconds(long nanos) {
		long millis = nanos / 1_000_000;
		return String.format(Locale.ROOT, "%d.%03d", millis / 1000, millis % 1000);
	}

}
