package dev.webserv.boot.autoconfigure;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.util.unit.DataSize;

/** One of {@code webserv.servers[]}: a virtual server, nginx's server block. */
public class VirtualServerProperties {

	/**
	 * Name used by @WebservRoute(servers) and Routes.servers(...); unnamed servers go by
	 * their index.
	 */
	private String name;

	/**
	 * Listen addresses as nginx writes them: "8080", "*:8080", "127.0.0.1:8080",
	 * "[::1]:8080"; port 0 picks a free port. Empty uses server.address and server.port.
	 */
	private List<String> listen = new ArrayList<>();

	/**
	 * Host names answered: exact, "*.suffix" or "prefix.*"; empty answers any Host on its
	 * addresses.
	 */
	private List<String> serverNames = new ArrayList<>();

	/**
	 * Document root of static locations: an existing directory (relative to the working
	 * directory), or a class path folder such as classpath:/static/ (served from the
	 * application's jar, so it runs from any directory).
	 */
	private String root;

	/** Error pages by status: a URI under the root, served with the original status. */
	private Map<Integer, String> errorPages = new LinkedHashMap<>();

	/**
	 * Maximum request body size on this server; 0 means no limit. Defaults to
	 * webserv.limits.max-body-size.
	 */
	private DataSize clientMaxBodySize;

	/**
	 * Whether every connection on this server's listen addresses starts with a PROXY
	 * protocol header (v1 or v2, as HAProxy's send-proxy-v2 sends it; nginx's listen ...
	 * proxy_protocol): its source becomes the client's address, and a connection without
	 * a valid header is closed. Servers sharing an address must agree.
	 */
	private boolean proxyProtocol;

	/** TLS on this server's listen addresses marked "ssl": its certificate's bundle. */
	private SslProperties ssl = new SslProperties();

	/**
	 * Answers every request with a redirect to HTTPS on this port (nginx's return 301
	 * https://$host$request_uri), for a plain server that only redirects.
	 */
	private Integer redirectToHttps;

	/**
	 * Locations, matched by longest prefix (an exact location first). Each element has:
	 * path, exact, methods, root, index, autoindex, redirect (status, location),
	 * upload-dir, cgi (extension to interpreter), client-max-body-size, handler.
	 */
	private List<LocationProperties> locations = new ArrayList<>();

	/**
	 * nginx's allow/deny rules for locations without their own: "allow 10.0.0.0/8", "deny
	 * all".
	 */
	private List<String> access = new ArrayList<>();

	/** Headers added by locations without their own (nginx's add_header). */
	private List<AccessProperties.AddHeader> addHeaders = new ArrayList<>();

	/** Request-rate zones by name (nginx's limit_req_zone): rate and size. */
	private Map<String, AccessProperties.Zone> limitReqZones = new LinkedHashMap<>();

	/** Connection zones by name (nginx's limit_conn_zone): size. */
	private Map<String, AccessProperties.Zone> limitConnZones = new LinkedHashMap<>();

	/** nginx's access_log for this server; off unless enabled. */
	private AccessLogProperties accessLog;

	/**
	 * nginx's gzip directives for this server. Unset on the server that listens on
	 * server.port, Boot's server.compression applies.
	 */
	private CompressionProperties compression;

	public String getName() {
		return name;
	}

	public void setName(String name) {
		this.name = name;
	}

	public List<String> getListen() {
		return listen;
	}

	public void setListen(List<String> listen) {
		this.listen = listen;
	}

	public SslProperties getSsl() {
		return ssl;
	}

	public void setSsl(SslProperties ssl) {
		this.ssl = ssl;
	}

	public Integer getRedirectToHttps() {
		return redirectToHttps;
	}

	public void setRedirectToHttps(Integer redirectToHttps) {
		this.redirectToHttps = redirectToHttps;
	}

	public boolean isProxyProtocol() {
		return proxyProtocol;
	}

	public void setProxyProtocol(boolean proxyProtocol) {
		this.proxyProtocol = proxyProtocol;
	}

	public List<String> getServerNames() {
		return serverNames;
	}

	public void setServerNames(List<String> serverNames) {
		this.serverNames = serverNames;
	}

	public String getRoot() {
		return root;
	}

	public void setRoot(String root) {
		this.root = root;
	}

	public Map<Integer, String> getErrorPages() {
		return errorPages;
	}

	public void setErrorPages(Map<Integer, String> errorPages) {
		this.errorPages = errorPages;
	}

	public DataSize getClientMaxBodySize() {
		return clientMaxBodySize;
	}

	public void setClientMaxBodySize(DataSize clientMaxBodySize) {
		this.clientMaxBodySize = clientMaxBodySize;
	}

	public List<LocationProperties> getLocations() {
		return locations;
	}

	public void setLocations(List<LocationProperties> locations) {
		this.locations = locations;
	}

	public List<String> getAccess() {
		return access;
	}

	public void setAccess(List<String> access) {
		this.access = access;
	}

	public List<AccessProperties.AddHeader> getAddHeaders() {
		return addHeaders;
	}

	public void setAddHeaders(List<AccessProperties.AddHeader> addHeaders) {
		this.addHeaders = addHeaders;
	}

	public Map<String, AccessProperties.Zone> getLimitReqZones() {
		return limitReqZones;
	}

	public void setLimitReqZones(Map<String, AccessProperties.Zone> limitReqZones) {
		this.limitReqZones = limitReqZones;
	}

	public Map<String, AccessProperties.Zone> getLimitConnZones() {
		return limitConnZones;
	}

	public void setLimitConnZones(Map<String, AccessProperties.Zone> limitConnZones) {
		this.limitConnZones = limitConnZones;
	}

	public AccessLogProperties getAccessLog() {
		return accessLog;
	}

	public void setAccessLog(AccessLogProperties accessLog) {
		this.accessLog = accessLog;
	}

	public CompressionProperties getCompression() {
		return compression;
	}

	public void setCompression(CompressionProperties compression) {
		this.compression = compression;
	}

}
