package dev.webserv.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
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
 * served anyway. Reads the whole directory: runs on a worker.
 */
final class DirectoryListing {

	private static final DateTimeFormatter MODIFIED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	private record Entry(String name, BasicFileAttributes attributes) {
	}

	private DirectoryListing() {
	}

	static Response of(FileMapping files, Path directory, String uriPath) throws IOException {
		List<Entry> entries;
		try {
			entries = entries(files, directory);
		}
		catch (AccessDeniedException e) {
			return Response.error(Status.FORBIDDEN);
		}
		byte[] page = render(uriPath, entries).getBytes(StandardCharsets.UTF_8);
		return Response.ok(page, "text/html; charset=utf-8");
	}

	private static List<Entry> entries(FileMapping files, Path directory) throws IOException {
		List<Entry> entries = new ArrayList<>();
		try (DirectoryStream<Path> children = Files.newDirectoryStream(directory)) {
			for (Path child : children) {
				String name = child.getFileName().toString();
				if (name.startsWith(".")) {
					continue;
				}
				Lookup lookup = files.lookup(child);
				if (lookup.found()) {
					entries.add(new Entry(name, lookup.attributes()));
				}
			}
		}
		entries
			.sort(Comparator.comparing((Entry entry) -> !entry.attributes().isDirectory()).thenComparing(Entry::name));
		return entries;
	}

	private static String render(String uriPath, List<Entry> entries) {
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
			boolean directory = entry.attributes().isDirectory();
			String suffix = directory ? "/" : "";
			html.append("<tr><td><a href=\"")
				.append(UriPaths.encode(entry.name()))
				.append(suffix)
				.append("\">")
				.append(UriPaths.html(entry.name()))
				.append(suffix)
				.append("</a></td><td>")
				.append(MODIFIED.format(entry.attributes().lastModifiedTime().toInstant()))
				.append("</td><td>")
				.append(directory ? "-" : Long.toString(entry.attributes().size()))
				.append("</td></tr>\n");
		}
		return html.append("</table><hr></body></html>\n").toString();
	}

}
