package dev.webserv.files;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Content types by file extension, the common part of nginx's {@code mime.types}. Text
 * types carry {@code charset=utf-8}, since that is what files on a modern site are
 * written in; anything unknown is {@code application/octet-stream}, so a browser
 * downloads rather than guesses.
 */
public final class MimeTypes {

	public static final String FALLBACK = "application/octet-stream";

	private static final Map<String, String> BY_EXTENSION = new HashMap<>();

	private static final Map<String, String> FIRST_EXTENSION = new HashMap<>();

	static {
		text("text/html", "html", "htm", "shtml");
		text("text/css", "css");
		text("text/javascript", "js", "mjs");
		text("text/plain", "txt", "text", "log", "conf", "ini");
		text("text/markdown", "md", "markdown");
		text("text/csv", "csv");
		text("text/xml", "xml");
		text("text/calendar", "ics");
		type("application/json", "json", "map");
		type("application/manifest+json", "webmanifest");
		type("application/ld+json", "jsonld");
		type("application/wasm", "wasm");
		type("application/pdf", "pdf");
		type("application/zip", "zip");
		type("application/gzip", "gz", "tgz");
		type("application/x-tar", "tar");
		type("application/x-7z-compressed", "7z");
		type("application/rtf", "rtf");
		type("application/rss+xml", "rss");
		type("application/atom+xml", "atom");
		type("application/xhtml+xml", "xhtml");
		type("image/png", "png");
		type("image/jpeg", "jpg", "jpeg");
		type("image/gif", "gif");
		type("image/svg+xml", "svg", "svgz");
		type("image/webp", "webp");
		type("image/avif", "avif");
		type("image/x-icon", "ico");
		type("image/bmp", "bmp");
		type("image/tiff", "tif", "tiff");
		type("font/woff", "woff");
		type("font/woff2", "woff2");
		type("font/ttf", "ttf");
		type("font/otf", "otf");
		type("audio/mpeg", "mp3");
		type("audio/ogg", "ogg", "oga");
		type("audio/wav", "wav");
		type("audio/flac", "flac");
		type("video/mp4", "mp4", "m4v");
		type("video/webm", "webm");
		type("video/ogg", "ogv");
		type("video/quicktime", "mov");
	}

	private MimeTypes() {
	}

	private static void text(String type, String... extensions) {
		type(type + "; charset=utf-8", extensions);
	}

	private static void type(String type, String... extensions) {
		FIRST_EXTENSION.putIfAbsent(type.split(";", 2)[0], extensions[0]);
		for (String extension : extensions) {
			BY_EXTENSION.put(extension, type);
		}
	}

	/** The content type for a file name, by its extension, ignoring case. */
	public static String forName(String fileName) {
		int dot = fileName.lastIndexOf('.');
		if (dot < 0 || dot == fileName.length() - 1) {
			return FALLBACK;
		}
		String type = BY_EXTENSION.get(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
		return type != null ? type : FALLBACK;
	}

	/**
	 * The usual extension (with its dot) for a content type, for naming raw uploads;
	 * ".bin" when unknown.
	 */
	public static String extensionFor(String contentType) {
		if (contentType == null) {
			return ".bin";
		}
		String extension = FIRST_EXTENSION.get(contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT));
		return extension != null ? "." + extension : ".bin";
	}

}
