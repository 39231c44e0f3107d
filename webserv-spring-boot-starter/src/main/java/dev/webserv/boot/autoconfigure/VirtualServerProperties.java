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

	/** Document root of static locations; must be an existing directory. */
	private String root;

	/** Error pages by status: a URI under the root, served with the original status. */
	private Map<Integer, String> errorPages = new LinkedHashMap<>();

	/**
	 * Maximum request body size on this server; 0 means no limit. Defaults to
	 * webserv.limits.max-body-size.
	 */
	private DataSize clientMaxBodySize;

	/** Locations, matched by longest prefix (an exact location first). */
	private List<LocationProperties> locations = new ArrayList<>();

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
