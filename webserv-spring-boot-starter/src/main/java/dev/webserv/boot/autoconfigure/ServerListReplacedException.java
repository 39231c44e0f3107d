package dev.webserv.boot.autoconfigure;

import java.util.List;

/**
 * The webserv configuration failed while webserv.servers came from more than one property
 * source, so the list that was bound is not the one the user thinks (see
 * {@link ServerListSources}); explained by {@link WebservServerListFailureAnalyzer}.
 */
public class ServerListReplacedException extends RuntimeException {

	private final List<String> sources;

	ServerListReplacedException(List<String> sources, RuntimeException cause) {
		super("webserv.servers is defined in " + String.join(" and ", sources) + "; only the list from "
				+ sources.get(0) + " was bound, and it failed: " + cause.getMessage(), cause);
		this.sources = List.copyOf(sources);
	}

	/** The sources defining webserv.servers elements, the one that won first. */
	public List<String> getSources() {
		return sources;
	}

}
