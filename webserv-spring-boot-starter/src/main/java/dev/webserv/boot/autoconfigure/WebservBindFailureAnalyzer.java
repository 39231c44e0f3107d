package dev.webserv.boot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.webserv.BindFailedException;

/**
 * Explains a listen address that could not be bound, as Boot does for Tomcat's port in
 * use.
 */
public final class WebservBindFailureAnalyzer extends AbstractFailureAnalyzer<BindFailedException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, BindFailedException cause) {
		int port = cause.port();
		if (cause.inUse()) {
			return new FailureAnalysis("webserv failed to start: " + cause.address() + " is already in use.",
					"Identify and stop the process that is listening on port " + port + ", or configure webserv to "
							+ "listen on another port: webserv.servers[].listen for a server with listen addresses, "
							+ "server.port for one without (0 picks a free port).",
					cause);
		}
		return new FailureAnalysis("webserv failed to start: " + cause.getMessage() + ".",
				"Check the listen address (webserv.servers[].listen, or server.address and server.port): the host "
						+ "must be an address of this machine, and ports below 1024 need privileges.",
				cause);
	}

}
