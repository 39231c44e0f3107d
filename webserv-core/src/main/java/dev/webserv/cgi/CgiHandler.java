package dev.webserv.cgi;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.webserv.Handler;
import dev.webserv.Request;
import dev.webserv.Response;
import dev.webserv.files.FileMapping;
import dev.webserv.files.FileMapping.Lookup;

/**
 * Runs CGI scripts (RFC 3875) by file extension: the script under the document root, its
 * interpreter, the meta-variables, the request body on stdin, the script's directory as
 * working directory. Its output becomes the response: a document (status from Status,
 * else 200), a client redirect (302 unless Status says otherwise) or a local redirect
 * served inside the server; the body streams to the client as the script writes it,
 * chunked unless the script gave a Content-Length.
 *
 * <p>
 * Failures: no such script 404, an unreadable one 403; an interpreter that cannot be
 * found or a script that cannot be started 502 (logged); output that is not CGI 502
 * (logged); a script without headers at the CGI timeout, or silent that long, is killed
 * with everything it started, 504 (see {@link CgiProcess}); no free process slot, or the
 * server stopping, 503. Whatever fails while the script starts gives its slot back.
 * Blocking: the worker that runs it reads the script's headers; the body is read off the
 * event loop by the response writer.
 */
public final class CgiHandler implements Handler {

	private static final Logger LOG = Logger.getLogger(CgiHandler.class.getName());

	private final FileMapping files;

	private final Map<String, String> interpreters = new LinkedHashMap<>();

	private final CgiProcesses processes;

	private final String serverSoftware;

	private final LocalRedirect localRedirect;

	private final boolean passAuthorization;

	/**
	 * @param files the document root the scripts live under
	 * @param interpreters interpreter by extension (".py" or "py" -> "python3"; "" runs
	 * the script itself)
	 * @param serverSoftware the SERVER_SOFTWARE value
	 * @param passAuthorization whether scripts see Authorization and Proxy-Authorization
	 */
	public CgiHandler(FileMapping files, Map<String, String> interpreters, CgiProcesses processes,
			String serverSoftware, LocalRedirect localRedirect, boolean passAuthorization) {
		this.passAuthorization = passAuthorization;
		this.files = files;
		interpreters.forEach((extension, interpreter) -> this.interpreters.put(CgiPath.dotted(extension), interpreter));
		this.processes = processes;
		this.serverSoftware = serverSoftware;
		this.localRedirect = localRedirect;
	}

	/**
	 * Longer than the CGI timeout, so the script's 504 (not the handler timeout's 503)
	 * reaches the client.
	 */
	@Override
	public java.time.Duration timeout() {
		return processes.timeout().plusSeconds(5);
	}

	/**
	 * Whether a path names a script of this handler (by extension only; no file system
	 * access).
	 */
	public boolean claims(String path) {
		return CgiPath.find(path, interpreters.keySet()) != null;
	}

	@Override
	public Response handle(Request request) throws Exception {
		CgiPath script = CgiPath.find(request.path(), interpreters.keySet());
		Lookup found = script == null ? null : files.lookup(script.scriptName());
		if (found == null || !found.isRegularFile()) {
			return Response.error(found != null && found.status() == 403 ? 403 : 404);
		}
		if (!Files.isReadable(found.file())) {
			return Response.error(403);
		}
		String interpreter = interpreters.get(script.extension());
		List<String> command = Interpreters.command(interpreter, found.file());
		if (command == null) {
			LOG.severe(() -> "CGI interpreter '" + interpreter + "' for " + script.extension()
					+ " scripts is not an executable file (looked up on PATH " + System.getenv("PATH") + ")");
			return Response.error(502);
		}
		return run(request, script, found.file(), command);
	}

	private Response run(Request request, CgiPath script, Path file, List<String> command) throws Exception {
		// built before a slot is taken: whatever it throws costs no slot
		ProcessBuilder builder = builder(request, script, file, command);
		InputStream body = request.body().stream();
		if (!processes.tryAcquire()) {
			body.close();
			LOG.warning(() -> "CGI " + script.scriptName() + " refused: "
					+ (processes.stopped() ? "the server stops" : "all " + processes.max() + " slots busy"));
			return Response.error(503).header("Retry-After", "1");
		}
		CgiProcess process;
		try {
			process = CgiProcess.start(builder, command, body, script.scriptName(), processes);
		}
		catch (IOException e) {
			if (processes.stopped()) {
				return Response.error(503);
			}
			LOG.severe(() -> "CGI " + script.scriptName() + " cannot run: " + e.getMessage());
			return Response.error(502);
		}
		try {
			return respond(request, process);
		}
		catch (Exception | Error e) {
			process.kill();
			throw e;
		}
	}

	private ProcessBuilder builder(Request request, CgiPath script, Path file, List<String> command) {
		Path translated = script.pathInfo().isEmpty() ? null : files.map(script.pathInfo());
		ProcessBuilder builder = new ProcessBuilder(command).directory(file.getParent().toFile());
		builder.environment().clear();
		builder.environment()
			.putAll(CgiEnvironment.of(request, script, file, translated, files.base(), serverSoftware,
					passAuthorization));
		return builder;
	}

	private Response respond(Request request, CgiProcess process) throws Exception {
		InputStream stdout = new BufferedInputStream(process.stdout());
		CgiHeaders headers;
		try {
			headers = CgiHeaders.read(stdout);
		}
		catch (IOException e) {
			process.kill();
			if (process.timedOut()) {
				return Response.error(504);
			}
			if (e instanceof InterruptedIOException) {
				// the exchange gave up (client gone, handler timeout, stop): no one
				// reads this answer, and the script is not to blame
				process.log(Level.FINE, "given up before its headers: " + e.getMessage());
				return Response.error(503);
			}
			process.log(Level.WARNING,
					"bad output, answered 502: " + e.getMessage() + " (exit code " + process.exitCode() + ")");
			return Response.error(502);
		}
		process.headersRead();
		if (headers.localRedirect()) {
			process.killAndWait(); // a local redirect has no body worth waiting for
			return localRedirect.follow(request, headers.location());
		}
		Response response = Response.status(headers.status());
		headers.headers().forEach(field -> response.header(field.getKey(), field.getValue()));
		return response.body(new Body(stdout, process), headers.contentLength());
	}

	/**
	 * The script's output after its headers. Ends in an error, not a clean end, when the
	 * script was killed at its timeout or died of a signal (the JDK reports one as 128 +
	 * its number, 129-192), so a crash never looks like a complete response; an exit
	 * status no signal gives (255 from Perl's die or sh's exit -1) ends it cleanly.
	 * Closed early (client gone, HEAD), it kills the script, which has no one to write
	 * for.
	 */
	private static final class Body extends FilterInputStream {

		/** The highest signal number (Linux's SIGRTMAX). */
		private static final int MAX_SIGNAL = 64;

		private final CgiProcess process;

		private boolean ended;

		Body(InputStream stdout, CgiProcess process) {
			super(stdout);
			this.process = process;
		}

		@Override
		public int read() throws IOException {
			byte[] one = new byte[1];
			return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int read = super.read(buffer, offset, length);
			if (read < 0) {
				if (process.timedOut()) {
					throw new IOException("CGI script killed at its timeout");
				}
				int exit = process.exitCodeAfterOutput();
				if (exit > 128 && exit <= 128 + MAX_SIGNAL) {
					process.log(Level.WARNING, "died of signal " + (exit - 128) + " in the middle of its output");
					throw new IOException("CGI script died of signal " + (exit - 128));
				}
				ended = true;
			}
			return read;
		}

		@Override
		public void close() throws IOException {
			if (!ended) {
				process.abort(); // close() may run on an event loop
			}
			super.close();
		}

	}

}
