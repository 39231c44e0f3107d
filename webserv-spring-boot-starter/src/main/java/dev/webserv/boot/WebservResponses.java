package dev.webserv.boot;

import java.io.File;
import java.io.InputStream;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import dev.webserv.Handler;
import dev.webserv.ProblemDetails;
import dev.webserv.Request;
import dev.webserv.Response;

/**
 * Turns what a handler returns into a {@link Response}, and writes objects as JSON. The
 * auto-configuration makes one bean of this type; inject it to build JSON responses with
 * a status of your choice.
 *
 * <table>
 * <caption>Return values</caption>
 * <tr>
 * <td>{@link Response}</td>
 * <td>sent as it is</td>
 * </tr>
 * <tr>
 * <td>{@code null}</td>
 * <td>204 No Content</td>
 * </tr>
 * <tr>
 * <td>{@link CharSequence}</td>
 * <td>200, {@code text/plain; charset=utf-8}</td>
 * </tr>
 * <tr>
 * <td>{@code byte[]}</td>
 * <td>200, {@code application/octet-stream}</td>
 * </tr>
 * <tr>
 * <td>{@link Path}, {@link File}</td>
 * <td>200 with a type from the file name, sent zero-copy; 404 if it is not a readable
 * file</td>
 * </tr>
 * <tr>
 * <td>{@link InputStream}</td>
 * <td>200, {@code application/octet-stream}, chunked</td>
 * </tr>
 * <tr>
 * <td>anything else</td>
 * <td>200, {@code application/json}, through the {@link JsonWriter}</td>
 * </tr>
 * </table>
 */
public class WebservResponses {

	/** The Content-Type of JSON bodies. */
	public static final String APPLICATION_JSON = "application/json";

	private static final Map<String, String> TYPES = Map.ofEntries(Map.entry("html", "text/html; charset=utf-8"),
			Map.entry("htm", "text/html; charset=utf-8"), Map.entry("css", "text/css; charset=utf-8"),
			Map.entry("js", "text/javascript; charset=utf-8"), Map.entry("json", APPLICATION_JSON),
			Map.entry("txt", "text/plain; charset=utf-8"), Map.entry("xml", "application/xml"),
			Map.entry("svg", "image/svg+xml"), Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"),
			Map.entry("jpeg", "image/jpeg"), Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"),
			Map.entry("ico", "image/x-icon"), Map.entry("pdf", "application/pdf"),
			Map.entry("wasm", "application/wasm"), Map.entry("woff2", "font/woff2"));

	private final JsonWriter jsonWriter;

	private final ExceptionStatuses exceptionStatuses;

	/**
	 * @param jsonWriter writes objects as JSON, or null when the application has no JSON
	 * library
	 */
	public WebservResponses(JsonWriter jsonWriter) {
		this(jsonWriter, ExceptionStatuses.of(Map.of()));
	}

	/**
	 * @param exceptionStatuses the statuses a handler's exceptions are answered with
	 */
	public WebservResponses(JsonWriter jsonWriter, ExceptionStatuses exceptionStatuses) {
		this.jsonWriter = jsonWriter;
		this.exceptionStatuses = exceptionStatuses;
	}

	/** Whether objects can be written as JSON. */
	public boolean canWriteJson() {
		return jsonWriter != null;
	}

	/** A 200 response with the value as JSON. */
	public Response json(Object value) {
		return json(200, value);
	}

	/** A response with this status and the value as JSON. */
	public Response json(int status, Object value) {
		if (jsonWriter == null) {
			throw new IllegalStateException("webserv cannot write " + value.getClass().getName()
					+ " as JSON: no JsonWriter bean (add spring-boot-starter-jackson to the application)");
		}
		byte[] body;
		try {
			body = jsonWriter.write(value);
		}
		catch (RuntimeException e) {
			throw e;
		}
		catch (Exception e) {
			throw new IllegalStateException("could not write " + value.getClass().getName() + " as JSON", e);
		}
		return Response.status(status).contentType(APPLICATION_JSON).body(body);
	}

	/** The response for a handler's return value (see the class documentation). */
	public Response from(Object result) {
		if (result instanceof Response response) {
			return response;
		}
		if (result == null) {
			return Response.noContent();
		}
		if (result instanceof CharSequence text) {
			return Response.ok(text.toString());
		}
		if (result instanceof byte[] bytes) {
			return Response.ok(bytes, "application/octet-stream");
		}
		if (result instanceof File file) {
			return file(file.toPath());
		}
		if (result instanceof Path path) {
			return file(path);
		}
		if (result instanceof InputStream stream) {
			return Response.status(200).contentType("application/octet-stream").body(stream, -1);
		}
		return json(result);
	}

	/**
	 * A file with a Content-Type taken from its name, or 404 when it is not a readable
	 * regular file.
	 */
	public Response file(Path file) {
		if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
			return Response.error(404);
		}
		return Response.status(200).contentType(contentType(file.getFileName().toString())).body(file);
	}

	/** The core handler that runs a result handler and converts what it returns. */
	public Handler handler(ResultHandler handler) {
		boolean blocking = handler.blocking();
		return new Handler() {
			@Override
			public Response handle(Request request) throws Exception {
				try {
					return from(handler.handle(request));
				}
				catch (Exception e) {
					return mapped(e, request);
				}
			}

			@Override
			public boolean blocking() {
				return blocking;
			}

			@Override
			public String toString() {
				return handler.toString();
			}
		};
	}

	/**
	 * The core handler answering a handler bean's mapped exceptions with their status
	 * ({@link ExceptionStatuses}); other exceptions pass to the server (a 500).
	 */
	public Handler mapExceptions(Handler handler) {
		return new Handler() {
			@Override
			public Response handle(Request request) throws Exception {
				try {
					return handler.handle(request);
				}
				catch (Exception e) {
					return mapped(e, request);
				}
			}

			@Override
			public boolean blocking() {
				return handler.blocking();
			}

			@Override
			public java.time.Duration timeout() {
				return handler.timeout();
			}

			@Override
			public String toString() {
				return handler.toString();
			}
		};
	}

	/**
	 * The error response for a mapped exception: a problem body when the client prefers
	 * JSON, else the server's error page.
	 */
	private Response mapped(Exception e, Request request) throws Exception {
		ExceptionStatuses.Mapped mapped = exceptionStatuses.statusOf(e);
		if (mapped == null) {
			throw e;
		}
		if (ProblemDetails.wanted(request.header("Accept"))) {
			return ProblemDetails.response(mapped.status(), mapped.detail(), request.path());
		}
		return Response.error(mapped.status());
	}

	/**
	 * A Content-Type for a file name: common web types, else the JDK's guess, else
	 * octets.
	 */
	public static String contentType(String fileName) {
		int dot = fileName.lastIndexOf('.');
		if (dot >= 0) {
			String type = TYPES.get(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
			if (type != null) {
				return type;
			}
		}
		String guessed = URLConnection.guessContentTypeFromName(fileName);
		return guessed != null ? guessed : "application/octet-stream";
	}

}
