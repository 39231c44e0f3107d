package dev.webserv.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import dev.webserv.Response;
import dev.webserv.Status;
import dev.webserv.files.FileMapping.Lookup;

/**
 * nginx's autoindex: an HTML table of a directory, sub-directories first, then files,
 * each by name, with modification time (UTC) and exact size, and a parent link except at
 * "/". Names are HTML-escaped and their links percent-encoded. Hidden entries and entries
 * that lead out of the directory (by symlink) are left out, since they would not be
 * served anyway, but they count towards the bound on the work: a listing reads at most
 * {@value #MAX_READ} names and lists at most {@value #MAX_ENTRIES} (the page says when
 * there are more), none for HEAD; runs on a worker.
 */
final class DirectoryListing {

	private static final DateTimeFormatter MODIFIED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	/**
	 * Entries one page lists: a directory of millions costs one page of this many rows,
	 * with a note that the list is cut (nginx lists them all).
	 */
	static final int MAX_ENTRIES = 10_000;

	/**
	 * Names one listing reads, hidden and escaping ones included: a directory of millions
	 * of hidden names costs this many, not millions.
	 */
	static final int MAX_READ = 2 * MAX_ENTRIES;

	private static final String TYPE = "text/html; charset=utf-8";

	private record Entry(String name, boolean directory, long modified, long size) {
	}

	private DirectoryListing() {
	}

	/**
	 * The listing page; for HEAD only its head, with no length (as nginx), so the
	 * directory is opened but not read.
	 */
	static Response of(FileMapping files, Path directory, String uriPath, boolean head) throws IOException {
		List<Entry> entries = new ArrayList<>();
		int read;
		try {
			read = read(files, directory, head ? 0 : MAX_ENTRIES, entries);
		}
		catch (AccessDeniedException e) {
			return Response.error(Status.FORBIDDEN);
		}
		if (head) {
			return Response.status(Status.OK).contentType(TYPE).body(InputStream.nullInputStream(), -1);
		}
		entries.sort(Comparator.comparing((Entry entry) -> !entry.directory()).thenComparing(Entry::name));
		return Response.ok(render(uriPath, entries, read).getBytes(StandardCharsets.UTF_8), TYPE);
	}

	/**
	 * Lists up to {@code max} entries, reading at most {@link #MAX_READ} names.
	 * @return -1 when the whole directory was read, else how many names were read before
	 * stopping
	 */
	private static int read(FileMapping files, Path directory, int max, List<Entry> entries) throws IOException {
		int read = 0;
		try (DirectoryStream<Path> children = Files.newDirectoryStream(directory)) {
			for (Path child : children) {
				if (entries.size() == max || read == MAX_READ) {
					return read;
				}
				read++;
				String name = child.getFileName().toString();
				if (name.startsWith(".")) {
					continue;
				}
				Lookup lookup = files.lookup(child);
				if (lookup.found()) {
					BasicFileAttributes attributes = lookup.attributes();
					entries.add(new Entry(name, attributes.isDirectory(),
							attributes.lastModifiedTime().toInstant().getEpochSecond(), attributes.size()));
				}
			}
		}
		return -1;
	}

	/**
	 * @param read -1 for a whole directory, else the names read before stopping
	 */
	private static String render(String uriPath, List<Entry> entries, int read) {
		String title = "Index of " + UriPaths.html(uriPath);
		StringBuilder html = new StringBuilder(256 + entries.size() * 128);
		html.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>")
			.append(title)
			.append("</title></head>\n<body><h1>")
			.append(title)
			.append("</h1><hr>\n<table>\n")
			.append("<tr><th>Name</th><th>Last modified</th><th>Size</th></tr>\n");
		if (!uriPath.equals("/")) {
			html.append("<tr><td><a href=\"../\">../</a></td><td></td><td>-</td></tr>\n");
		}
		for (Entry entry : entries) {
			boolean directory = entry.directory();
			String suffix = directory ? "/" : "";
			html.append("<tr><td><a href=\"")
				.append(UriPaths.encode(entry.name()))
				.append(suffix)
				.append("\">")
				.append(UriPaths.html(entry.name()))
				.append(suffix)
				.append("</a></td><td>")
				.append(MODIFIED.format(Instant.ofEpochSecond(entry.modified())))
				.append("</td><td>")
				.append(directory ? "-" : Long.toString(entry.size()))
				.append("</td></tr>\n");
		}
		html.append("</table><hr>");
		if (read >= 0) {
			html.append("<p>This directory holds more than ")
				.append(read)
				.append(" entries: only ")
				.append(entries.size())
				.append(" are listed.</p><hr>");
		}
		return html.append("</body></html>\n").toString();
	}

}
