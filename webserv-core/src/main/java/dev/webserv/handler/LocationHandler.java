package dev.webserv.handler;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.Set;

import dev.webserv.Handler;
import dev.webserv.Methods;
import dev.webserv.Response;
import dev.webserv.Status;
import dev.webserv.access.LocationGuard;
import dev.webserv.cgi.CgiHandler;
import dev.webserv.cgi.LocalRedirect;
import dev.webserv.config.ClasspathRoot;
import dev.webserv.compression.PrecompressedFiles;
import dev.webserv.compression.ResponseCompressor;
import dev.webserv.config.Compression;
import dev.webserv.config.Location;
import dev.webserv.config.VirtualServer;
import dev.webserv.files.ClasspathFiles;
import dev.webserv.files.Deletes;
import dev.webserv.files.FileMapping;
import dev.webserv.files.StaticFiles;
import dev.webserv.files.Uploads;
import dev.webserv.router.LocationDispatch;
import dev.webserv.runtime.ServerRuntime;

/**
 * Serves one nginx-style location: picks, per request, the redirect, the custom handler,
 * a CGI script (by extension), or the built-in handler for the method: static files for
 * GET and HEAD, upload for POST and PUT, delete for DELETE. Methods the location does not
 * allow never get here, and for an allowed method it has nothing to do with it gives no
 * handler: the router answers both with 405.
 *
 * <p>
 * Files live under the location's root, else the server's, with the whole request path
 * appended, as with nginx's {@code root}. A location with an upload directory serves that
 * directory instead, in place of its prefix (nginx's {@code alias}), so what is uploaded
 * to /uploads is read, listed and deleted under /uploads. Upload directory and CGI on one
 * location are refused at start-up: uploaded files would become scripts. A location with
 * a class path root serves that folder ({@code classpath:/static/}) for GET and HEAD.
 */
public final class LocationHandler implements LocationDispatch {

	private static final Handler NOT_FOUND = Handler.nonBlocking(request -> Response.error(Status.NOT_FOUND));

	private final Location location;

	private final Set<String> allowed;

	private final Handler redirect;

	private final StaticFiles staticFiles;

	private final Handler filesOnLoop;

	private final Handler filesOnWorker;

	private final Handler uploads;

	private final Handler deletes;

	private final CgiHandler cgi;

	private final LocationGuard guard;

	private final ResponseCompressor compressor;

	/** The location's own handler, or null. */
	private final Handler custom;

	/**
	 * @param runtime the server's runtime: its CGI processes and Server header
	 * @param localRedirect how CGI local redirects are served: through the server's
	 * routes
	 */
	public LocationHandler(VirtualServer server, Location location, ServerRuntime runtime,
			LocalRedirect localRedirect) {
		this.location = location;
		this.allowed = allowedMethods(location);
		this.redirect = location.redirect() == null ? null : Handler
			.nonBlocking(request -> Response.redirect(location.redirect().status(), location.redirect().location()));
		Path root = location.root() != null ? location.root() : server.root();
		FileMapping files = location.classpathRoot() != null ? null : files(location, root);
		Compression compression = location.compression() != null ? location.compression() : server.compression();
		// the I/O executor is made at start, after this
		Executor io = task -> runtime.io().execute(task);
		this.staticFiles = files == null ? null : new StaticFiles(files, location.index(), location.autoindex(), io);
		PrecompressedFiles precompressed = files != null && compression != null && compression.precompressed()
				? new PrecompressedFiles(files) : null;
		Handler classpath = classpathFiles(location, compression);
		this.filesOnLoop = files != null ? precompressed(precompressed, Handler.nonBlocking(staticFiles::serve))
				: classpath;
		this.filesOnWorker = files != null ? precompressed(precompressed, staticFiles::serve) : classpath;
		this.uploads = location.uploadDir() == null ? null : new Uploads(files);
		this.deletes = files == null ? NOT_FOUND : new Deletes(files);
		this.cgi = location.cgi().isEmpty() ? null : new CgiHandler(FileMapping.root(root), location.cgi(),
				runtime.cgi(), runtime.config().serverHeader(), localRedirect, location.cgiPassAuthorization());
		this.guard = runtime.guards().forLocation(server, location);
		this.compressor = ResponseCompressor.of(compression);
		this.custom = location.handler();
	}

	private static Handler precompressed(PrecompressedFiles precompressed, Handler staticFiles) {
		return precompressed == null ? staticFiles : precompressed.wrap(staticFiles);
	}

	private static FileMapping files(Location location, Path root) {
		if (!location.cgi().isEmpty() && location.uploadDir() != null) {
			throw new IllegalArgumentException("location " + location.path()
					+ ": upload-dir and cgi cannot be combined (uploaded files would run as scripts)");
		}
		if (!location.cgi().isEmpty() && root == null) {
			throw new IllegalArgumentException("location " + location.path() + ": cgi needs a root");
		}
		if (location.uploadDir() != null) {
			return FileMapping.alias(location.path(), location.uploadDir());
		}
		return root == null ? null : FileMapping.root(root);
	}

	/**
	 * A class path root's files (read on a worker: a jar entry may inflate), else 404s.
	 */
	/**
	 * A class path root's files (with their precompressed siblings), or 404 without one.
	 */
	private static Handler classpathFiles(Location location, Compression compression) {
		ClasspathRoot root = location.classpathRoot();
		if (root == null) {
			return NOT_FOUND;
		}
		ClasspathFiles files = new ClasspathFiles(root.loader(), root.location(), location.index());
		return compression != null && compression.precompressed()
				? new PrecompressedFiles(files::serveInstead).wrap(files) : files;
	}

	private static Set<String> allowedMethods(Location location) {
		Set<String> methods = new LinkedHashSet<>();
		if (location.methods().isEmpty()) {
			methods.addAll(List.of(Methods.GET, Methods.HEAD));
			if (!location.cgi().isEmpty()) {
				methods.add(Methods.POST);
			}
			if (location.uploadDir() != null) {
				methods.addAll(List.of(Methods.POST, Methods.PUT, Methods.DELETE));
			}
		}
		else {
			methods.addAll(location.methods());
			if (methods.contains(Methods.GET)) {
				methods.add(Methods.HEAD);
			}
		}
		methods.add(Methods.OPTIONS);
		return methods;
	}

	@Override
	public Set<String> allowedMethods() {
		return allowed;
	}

	@Override
	public Handler select(String method, String path) {
		Handler chosen = choose(method, path);
		if (chosen == null) {
			return null;
		}
		// the guard outside: its refusals (401, 403, 429) are not compressed
		return guard.wrap(compressor == null ? chosen : compressor.wrap(chosen));
	}

	private Handler choose(String method, String path) {
		if (redirect != null) {
			return redirect;
		}
		if (custom != null) {
			return custom;
		}
		if (cgi != null && cgi.claims(path)) {
			return cgi;
		}
		return switch (method) {
			case Methods.GET, Methods.HEAD ->
				staticFiles != null && staticFiles.mayList(path) ? filesOnWorker : filesOnLoop;
			case Methods.POST, Methods.PUT -> uploads;
			case Methods.DELETE -> deletes;
			default -> null;
		};
	}

}
