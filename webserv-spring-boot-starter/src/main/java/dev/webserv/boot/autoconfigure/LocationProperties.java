package dev.webserv.boot.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * One of {@code webserv.servers[].locations[]}: an nginx-style location: a path prefix
 * (or exact path) and the directives under it.
 */
public class LocationProperties {

	/** Path prefix, e.g. "/uploads" (or the exact path when exact is true). */
	private String path;

	/** Whether only this exact path matches (nginx's "location = /path"). */
	private boolean exact;

	/**
	 * Methods allowed; others get 405 with Allow. Empty allows GET and HEAD, plus POST,
	 * PUT and DELETE where the location has an upload-dir, and POST where it has cgi.
	 */
	private List<String> methods = new ArrayList<>();

	/**
	 * Document root for this location, overriding the server's: a directory or a class
	 * path folder (classpath:/static/). CGI scripts and upload directories are always on
	 * disk, relative to the working directory.
	 */
	private String root;

	/** Index file names tried in order for a directory. */
	private List<String> index = new ArrayList<>();

	/** Whether a directory without an index file gets an HTML listing. */
	private boolean autoindex;

	/** Answers every request with a redirect (nginx's "return 301 /new"). */
	private Redirect redirect;

	/** Directory where POST and PUT store request bodies; created if missing. */
	private String uploadDir;

	/**
	 * CGI interpreters by file extension, e.g. {"[.py]": /usr/bin/python3} or {py:
	 * python3}; an empty interpreter ({"[.cgi]": ""}) runs the script itself.
	 */
	private Map<String, String> cgi = new LinkedHashMap<>();

	/**
	 * Whether CGI scripts get the Authorization and Proxy-Authorization headers (Apache's
	 * CGIPassAuth). Off by default: scripts never see credentials meant for the server.
	 */
	private boolean cgiPassAuthorization;

	/**
	 * Maximum request body size in this location; 0 means no limit. Defaults to the
	 * server's.
	 */
	private DataSize clientMaxBodySize;

	/**
	 * Name of a bean (a Handler or ResultHandler) that answers every request of this
	 * location.
	 */
	private String handler;

	/**
	 * nginx's allow/deny rules in order, first match wins: "allow 10.0.0.0/8", "deny
	 * all". Empty uses the server's.
	 */
	private List<String> access = new ArrayList<>();

	/** HTTP Basic authentication (nginx's auth_basic). */
	@NestedConfigurationProperty
	private AccessProperties.AuthBasic authBasic;

	/** Headers added to responses (nginx's add_header). Empty uses the server's. */
	private List<AccessProperties.AddHeader> addHeaders = new ArrayList<>();

	/**
	 * nginx's expires: "1h", "30d", "max", "epoch", "off", "-1"; sets Expires and
	 * Cache-Control.
	 */
	private String expires;

	/** Request-rate limit per client address (nginx's limit_req). */
	@NestedConfigurationProperty
	private AccessProperties.LimitReq limitReq;

	/** Limit of requests in progress per client address (nginx's limit_conn). */
	@NestedConfigurationProperty
	private AccessProperties.LimitConn limitConn;

	/** nginx's gzip directives here; unset inherits the server's. */
	private CompressionProperties compression;

	public CompressionProperties getCompression() {
		return compression;
	}

	public void setCompression(CompressionProperties compression) {
		this.compression = compression;
	}

	public String getPath() {
		return path;
	}

	public void setPath(String path) {
		this.path = path;
	}

	public boolean isExact() {
		return exact;
	}

	public void setExact(boolean exact) {
		this.exact = exact;
	}

	public List<String> getMethods() {
		return methods;
	}

	public void setMethods(List<String> methods) {
		this.methods = methods;
	}

	public String getRoot() {
		return root;
	}

	public void setRoot(String root) {
		this.root = root;
	}

	public List<String> getIndex() {
		return index;
	}

	public void setIndex(List<String> index) {
		this.index = index;
	}

	public boolean isAutoindex() {
		return autoindex;
	}

	public void setAutoindex(boolean autoindex) {
		this.autoindex = autoindex;
	}

	public Redirect getRedirect() {
		return redirect;
	}

	public void setRedirect(Redirect redirect) {
		this.redirect = redirect;
	}

	public String getUploadDir() {
		return uploadDir;
	}

	public void setUploadDir(String uploadDir) {
		this.uploadDir = uploadDir;
	}

	public Map<String, String> getCgi() {
		return cgi;
	}

	public void setCgi(Map<String, String> cgi) {
		this.cgi = cgi;
	}

	public boolean isCgiPassAuthorization() {
		return cgiPassAuthorization;
	}

	public void setCgiPassAuthorization(boolean cgiPassAuthorization) {
		this.cgiPassAuthorization = cgiPassAuthorization;
	}

	public DataSize getClientMaxBodySize() {
		return clientMaxBodySize;
	}

	public void setClientMaxBodySize(DataSize clientMaxBodySize) {
		this.clientMaxBodySize = clientMaxBodySize;
	}

	public String getHandler() {
		return handler;
	}

	public void setHandler(String handler) {
		this.handler = handler;
	}

	public List<String> getAccess() {
		return access;
	}

	public void setAccess(List<String> access) {
		this.access = access;
	}

	public AccessProperties.AuthBasic getAuthBasic() {
		return authBasic;
	}

	public void setAuthBasic(AccessProperties.AuthBasic authBasic) {
		this.authBasic = authBasic;
	}

	public List<AccessProperties.AddHeader> getAddHeaders() {
		return addHeaders;
	}

	public void setAddHeaders(List<AccessProperties.AddHeader> addHeaders) {
		this.addHeaders = addHeaders;
	}

	public String getExpires() {
		return expires;
	}

	public void setExpires(String expires) {
		this.expires = expires;
	}

	public AccessProperties.LimitReq getLimitReq() {
		return limitReq;
	}

	public void setLimitReq(AccessProperties.LimitReq limitReq) {
		this.limitReq = limitReq;
	}

	public AccessProperties.LimitConn getLimitConn() {
		return limitConn;
	}

	public void setLimitConn(AccessProperties.LimitConn limitConn) {
		this.limitConn = limitConn;
	}

	/** A redirect answered without touching the file system. */
	public static class Redirect {

		/** Status: 301, 302, 303, 307 or 308. */
		private int status = 302;

		/** Target URI sent in the Location header. */
		private String location;

		public int getStatus() {
			return status;
		}

		public void setStatus(int status) {
			this.status = status;
		}

		public String getLocation() {
			return location;
		}

		public void setLocation(String location) {
			this.location = location;
		}

	}

}
