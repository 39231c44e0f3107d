package dev.webserv.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.webserv.Handler;
import dev.webserv.Methods;

/**
 * An nginx-style location: a path prefix (or an exact path) and the directives that apply
 * under it.
 *
 * @param path the prefix, e.g. "/uploads"; matched as nginx does, by plain string prefix,
 * longest wins
 * @param exact whether only this exact path matches (nginx's {@code location = /path})
 * @param methods the methods allowed here; empty means GET and HEAD (plus POST/PUT/DELETE
 * where the location uploads); others get 405 with Allow
 * @param root overrides the server's root, or null
 * @param index index file names tried in order for a directory
 * @param autoindex whether a directory without index gets an HTML listing
 * @param redirect answers every request with this redirect, or null
 * @param uploadDir where POST and PUT store bodies, or null
 * @param cgi interpreters by file extension (".py" -> "/usr/bin/python3")
 * @param clientMaxBodySize body limit in bytes, or -1 to inherit the server's
 * @param handler a custom handler for the whole location, or null
 * @param cgiPassAuthorization whether CGI scripts get the Authorization and
 * Proxy-Authorization headers as HTTP_AUTHORIZATION and HTTP_PROXY_AUTHORIZATION
 * (Apache's CGIPassAuth); off by default, as RFC 3875 §4.1.18 advises, so a script never
 * sees credentials meant for the server
 * @param access nginx's allow/deny rules ("allow 10.0.0.0/8", "deny all"), first match
 * wins; empty inherits the server's
 * @param authBasic HTTP Basic authentication, or null
 * @param addHeaders headers added to responses; empty inherits the server's
 * @param expires nginx's expires ("1h", "max", "epoch", "off", "-1m"), or null
 * @param limitReq a request-rate limit, or null
 * @param limitConn a limit of requests in progress per address, or null
 * @param classpathRoot serves GET and HEAD from this class path folder instead of a
 * directory (no listing, CGI or uploads with it), or null
 * @param compression on-the-fly compression here, or null to inherit the server's
 */
public record Location(String path, boolean exact, Set<String> methods, Path root, List<String> index,
		boolean autoindex, Redirect redirect, Path uploadDir, Map<String, String> cgi, long clientMaxBodySize,
		Handler handler, boolean cgiPassAuthorization, List<String> access, AuthBasic authBasic,
		List<AddHeader> addHeaders, String expires, LimitReq limitReq, LimitConn limitConn, ClasspathRoot classpathRoot,
		Compression compression) {

	public Location {
		if (path == null || !path.startsWith("/")) {
			throw new IllegalArgumentException("location path must start with '/': " + path);
		}
		methods = java.util.Collections.unmodifiableSet(Methods.checked("location " + path + " methods", methods));
		index = List.copyOf(index);
		cgi = Map.copyOf(cgi);
		access = List.copyOf(access);
		addHeaders = List.copyOf(addHeaders);
		AccessRule.check("location " + path + ": access", access);
		try {
			Expires.parse(expires);
		}
		catch (IllegalArgumentException e) {
			throw new IllegalArgumentException("location " + path + ": " + e.getMessage(), e);
		}
		if (clientMaxBodySize < -1) {
			throw new IllegalArgumentException("location " + path + ": client-max-body-size must not be negative");
		}
	}

	public static Builder builder(String path) {
		return new Builder(path);
	}

	/** Builds a {@link Location}; the defaults are nginx's. */
	public static final class Builder {

		private final String path;

		private boolean exact;

		private final Set<String> methods = new LinkedHashSet<>();

		private Path root;

		private final List<String> index = new ArrayList<>();

		private boolean autoindex;

		private Redirect redirect;

		private Path uploadDir;

		private final Map<String, String> cgi = new LinkedHashMap<>();

		private long clientMaxBodySize = -1;

		private Handler handler;

		private boolean cgiPassAuthorization;

		private final List<String> access = new ArrayList<>();

		private AuthBasic authBasic;

		private final List<AddHeader> addHeaders = new ArrayList<>();

		private String expires;

		private LimitReq limitReq;

		private LimitConn limitConn;

		private ClasspathRoot classpathRoot;

		private Compression compression;

		private Builder(String path) {
			this.path = path;
		}

		public Builder exact(boolean exact) {
			this.exact = exact;
			return this;
		}

		public Builder methods(String... methods) {
			this.methods.addAll(List.of(methods));
			return this;
		}

		public Builder methods(Iterable<String> methods) {
			methods.forEach(this.methods::add);
			return this;
		}

		public Builder root(Path root) {
			this.root = root;
			return this;
		}

		public Builder index(String... names) {
			this.index.addAll(List.of(names));
			return this;
		}

		public Builder index(List<String> names) {
			this.index.addAll(names);
			return this;
		}

		public Builder autoindex(boolean autoindex) {
			this.autoindex = autoindex;
			return this;
		}

		public Builder redirect(int status, String location) {
			this.redirect = new Redirect(status, location);
			return this;
		}

		public Builder uploadDir(Path uploadDir) {
			this.uploadDir = uploadDir;
			return this;
		}

		public Builder cgi(String extension, String interpreter) {
			this.cgi.put(extension, interpreter);
			return this;
		}

		public Builder cgi(Map<String, String> interpreters) {
			this.cgi.putAll(interpreters);
			return this;
		}

		public Builder clientMaxBodySize(long bytes) {
			this.clientMaxBodySize = bytes;
			return this;
		}

		public Builder handler(Handler handler) {
			this.handler = handler;
			return this;
		}

		/** Whether CGI scripts see the client's Authorization headers (default false). */
		public Builder cgiPassAuthorization(boolean pass) {
			this.cgiPassAuthorization = pass;
			return this;
		}

		/** nginx's allow/deny, in order: "allow 10.0.0.0/8", "deny all". */
		public Builder access(String... rules) {
			this.access.addAll(List.of(rules));
			return this;
		}

		public Builder access(List<String> rules) {
			this.access.addAll(rules);
			return this;
		}

		/** nginx's auth_basic and auth_basic_user_file. */
		public Builder authBasic(String realm, Path userFile) {
			this.authBasic = new AuthBasic(realm, userFile);
			return this;
		}

		/** nginx's add_header; {@code always} adds it whatever the status. */
		public Builder addHeader(String name, String value, boolean always) {
			this.addHeaders.add(new AddHeader(name, value, always));
			return this;
		}

		public Builder addHeaders(List<AddHeader> headers) {
			this.addHeaders.addAll(headers);
			return this;
		}

		/** nginx's expires: "1h", "30d", "max", "epoch", "off", "-1". */
		public Builder expires(String expires) {
			this.expires = expires;
			return this;
		}

		/** nginx's limit_req zone=... burst=... [nodelay], refused with 429. */
		public Builder limitReq(String zone, int burst, boolean nodelay) {
			return limitReq(new LimitReq(zone, burst, nodelay, 429));
		}

		public Builder limitReq(LimitReq limit) {
			this.limitReq = limit;
			return this;
		}

		/** nginx's limit_conn zone max, refused with 429. */
		public Builder limitConn(String zone, int max) {
			return limitConn(new LimitConn(zone, max, 429));
		}

		public Builder limitConn(LimitConn limit) {
			this.limitConn = limit;
			return this;
		}

		/** Serves a class path folder ("classpath:/static/") as this location's root. */
		public Builder root(ClasspathRoot root) {
			this.classpathRoot = root;
			return this;
		}

		/** nginx's gzip directives here, in place of the server's. */
		public Builder compression(Compression compression) {
			this.compression = compression;
			return this;
		}

		public Location build() {
			return new Location(path, exact, methods, root, index, autoindex, redirect, uploadDir, cgi,
					clientMaxBodySize, handler, cgiPassAuthorization, access, authBasic, addHeaders, expires, limitReq,
					limitConn, classpathRoot, compression);
		}

	}
}
