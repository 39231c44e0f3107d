package dev.webserv.bench.servers;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * What every hello server answers: 13 bytes of text/plain with Server, Date and
 * Content-Length, on every path, keep-alive. Each server is started by its own main,
 * bound to 127.0.0.1 on the port given as first argument.
 */
public final class Hello {

	/** The body, "Hello, World!" (13 bytes). */
	public static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

	public static final String CONTENT_TYPE = "text/plain";

	public static final String HOST = "127.0.0.1";

	private Hello() {
	}

	/** The port from args[0], default 8080. */
	public static int port(String[] args) {
		return args.length > 0 ? Integer.parseInt(args[0]) : 8080;
	}

	/**
	 * A Date value cached for the current second, for servers that do not write Date
	 * themselves. Thread-safe.
	 */
	public static final class DateValue {

		private record Cached(long second, String value) {
		}

		private volatile Cached cached = new Cached(Long.MIN_VALUE, null);

		public String get() {
			long now = System.currentTimeMillis() / 1000;
			Cached current = cached;
			if (current.second() != now) {
				current = new Cached(now,
						DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC)));
				cached = current;
			}
			return current.value();
		}

	}

	/**
	 * Prints the one line run.sh waits for, then parks the main thread (servers run on
	 * their own threads).
	 */
	public static void ready(String server, int port) throws InterruptedException {
		System.out.println(server + " listening on http://" + HOST + ":" + port + "/");
		System.out.flush();
		Thread.currentThread().join();
	}

}
