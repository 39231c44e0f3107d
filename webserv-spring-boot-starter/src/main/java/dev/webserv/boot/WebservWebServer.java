package dev.webserv.boot;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.web.server.GracefulShutdownCallback;
import org.springframework.boot.web.server.GracefulShutdownResult;
import org.springframework.boot.web.server.Shutdown;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.WebServerException;

import dev.webserv.Webserv;
import dev.webserv.config.ListenAddress;
import dev.webserv.config.ServerConfig;
import dev.webserv.config.VirtualServer;

/**
 * Boot's {@link WebServer} contract around a {@link Webserv}: {@link #start()} binds
 * every listener (or throws with the bind failure as the cause), {@link #stop()} closes
 * everything at once (and so aborts a graceful shutdown), and {@link #shutDownGracefully}
 * drains on the server's own threads, then reports {@link GracefulShutdownResult#IDLE}
 * or, when the shutdown timeout passed or it was aborted,
 * {@link GracefulShutdownResult#REQUESTS_ACTIVE}. The event-loop threads are not daemons,
 * so the JVM stays up while the server runs.
 */
public class WebservWebServer implements WebServer {

	private static final Log logger = LogFactory.getLog(WebservWebServer.class);

	private final Webserv webserv;

	private final Shutdown shutdown;

	/**
	 * @param webserv the server, not started
	 * @param shutdown whether {@link #shutDownGracefully} drains or reports IMMEDIATE
	 */
	public WebservWebServer(Webserv webserv, Shutdown shutdown) {
		this.webserv = webserv;
		this.shutdown = shutdown;
	}

	@Override
	public void start() throws WebServerException {
		if (webserv.state() != Webserv.State.NEW) {
			return;
		}
		try {
			webserv.start();
		}
		catch (IOException e) {
			throw new WebServerException("Unable to start webserv: " + e.getMessage(), e);
		}
		logger.info("webserv started: " + describeListeners());
	}

	/**
	 * "public on 127.0.0.1:8080, admin on 127.0.0.1:8081": each server and where it
	 * listens.
	 */
	private String describeListeners() {
		List<String> parts = new ArrayList<>();
		List<VirtualServer> servers = webserv.config().servers();
		for (VirtualServer server : servers) {
			List<ListenAddress> listen = server.listen();
			List<Integer> ports = webserv.ports(server.name());
			List<String> addresses = new ArrayList<>();
			for (int k = 0; k < listen.size() && k < ports.size(); k++) {
				addresses.add(new ListenAddress(listen.get(k).host(), ports.get(k)).toString());
			}
			parts.add(server.name() + " on " + String.join(" and ", addresses));
		}
		return String.join(", ", parts);
	}

	@Override
	public void stop() throws WebServerException {
		if (webserv.state() == Webserv.State.RUNNING || webserv.state() == Webserv.State.DRAINING) {
			webserv.stop();
			logger.info("webserv stopped");
		}
		else {
			webserv.stop();
		}
	}

	@Override
	public int getPort() {
		return webserv.port();
	}

	@Override
	public void shutDownGracefully(GracefulShutdownCallback callback) {
		if (shutdown != Shutdown.GRACEFUL) {
			callback.shutdownComplete(GracefulShutdownResult.IMMEDIATE);
			return;
		}
		logger.info("Commencing graceful shutdown of webserv. Waiting for active requests to complete");
		webserv.shutdownGracefully().whenComplete((drained, error) -> {
			if (Boolean.TRUE.equals(drained)) {
				logger.info("Graceful shutdown of webserv complete");
				callback.shutdownComplete(GracefulShutdownResult.IDLE);
			}
			else {
				logger.info("Graceful shutdown of webserv ended with requests still active");
				callback.shutdownComplete(GracefulShutdownResult.REQUESTS_ACTIVE);
			}
		});
	}

	/**
	 * The core server, for its figures (active connections, requests in flight, listener
	 * states).
	 */
	public Webserv getWebserv() {
		return webserv;
	}

	public Shutdown getShutdown() {
		return shutdown;
	}

	/**
	 * Bound ports by server name ({@code webserv.servers[i].name}, else the index), each
	 * in listen order; empty before start.
	 */
	public Map<String, List<Integer>> getServerPorts() {
		Map<String, List<Integer>> ports = new LinkedHashMap<>();
		for (VirtualServer server : webserv.config().servers()) {
			ports.put(server.name(), webserv.ports(server.name()));
		}
		return ports;
	}

	/** The first bound port of the named server, or -1. */
	public int getPort(String serverName) {
		if (webserv.config().server(serverName) == null) {
			return -1;
		}
		List<Integer> ports = webserv.ports(serverName);
		return ports.isEmpty() ? -1 : ports.get(0);
	}

	public ServerConfig getConfig() {
		return webserv.config();
	}

}
