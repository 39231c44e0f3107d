package dev.webserv.boot.autoconfigure.actuate;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

import dev.webserv.ServerStatistics;
import dev.webserv.Webserv;
import dev.webserv.boot.WebservWebServer;
import dev.webserv.config.Limits;
import dev.webserv.config.ListenAddress;
import dev.webserv.config.Timeouts;

/**
 * The {@code webserv} endpoint ({@code /actuator/webserv} once exposed): the server's
 * state, each listener (configured address, bound address and port, open or closed, the
 * servers on it), the connection and request figures of the moment, and the limits and
 * timeouts in force.
 */
@Endpoint(id = "webserv")
public class WebservEndpoint {

	private final Supplier<WebservWebServer> webServer;

	/**
	 * @param webServer the server, looked up at each read (the endpoint is created before
	 * it)
	 */
	public WebservEndpoint(Supplier<WebservWebServer> webServer) {
		this.webServer = webServer;
	}

	@ReadOperation
	public WebservDescriptor webserv() {
		WebservWebServer server = webServer.get();
		Webserv webserv = server.getWebserv();
		ServerStatistics figures = webserv.statistics();
		Limits limits = webserv.config().limits();
		double[] keysPerWakeup = figures.loops().stream().mapToDouble(ServerStatistics.Loop::keysPerWakeup).toArray();
		return new WebservDescriptor(webserv.state().name(), listeners(server),
				new Connections(figures.connections(), limits.maxConnections()),
				new Requests(figures.requestsInFlight()),
				new Workers(figures.handlersQueued(), figures.handlersRunning()),
				new EventLoops(webserv.config().eventLoops(), keysPerWakeup),
				new Cgi(figures.cgiProcesses(), limits.maxCgiProcesses()), limits,
				timeouts(webserv.config().timeouts()));
	}

	private static List<ListenerDescriptor> listeners(WebservWebServer server) {
		Webserv webserv = server.getWebserv();
		List<ConfiguredListeners.ConfiguredListener> configured = ConfiguredListeners.of(webserv.config());
		// the core binds them in this order, all or none
		List<InetSocketAddress> bound = webserv.boundAddresses();
		List<Boolean> open = new ArrayList<>(webserv.listenerStates().values());
		boolean isBound = bound.size() == configured.size() && open.size() == configured.size();
		List<ListenerDescriptor> listeners = new ArrayList<>();
		for (int i = 0; i < configured.size(); i++) {
			ListenAddress address = configured.get(i).address();
			InetSocketAddress socket = isBound ? bound.get(i) : null;
			String state = socket == null ? "UNBOUND" : open.get(i) ? "OPEN" : "CLOSED";
			listeners.add(new ListenerDescriptor(address.toString(),
					socket != null ? socket.getAddress().getHostAddress() : address.host(),
					socket != null ? socket.getPort() : -1, state, configured.get(i).servers()));
		}
		return listeners;
	}

	private static Map<String, String> timeouts(Timeouts timeouts) {
		Map<String, String> shown = new LinkedHashMap<>();
		shown.put("header", text(timeouts.header()));
		shown.put("idle", text(timeouts.idle()));
		shown.put("body", text(timeouts.body()));
		shown.put("minBodyRate", timeouts.minBodyRate() + "B/s");
		shown.put("write", text(timeouts.write()));
		shown.put("minWriteRate", timeouts.minWriteRate() + "B/s");
		shown.put("handler", text(timeouts.handler()));
		shown.put("cgi", text(timeouts.cgi()));
		shown.put("shutdown", text(timeouts.shutdown()));
		shown.put("handshake", text(timeouts.handshake()));
		return shown;
	}

	private static String text(Duration duration) {
		return duration.toString();
	}

	/**
	 * What the endpoint answers.
	 *
	 * @param state NEW, RUNNING, DRAINING (graceful shutdown under way) or STOPPED
	 * @param listeners every distinct listen address
	 * @param connections open connections and the limit
	 * @param requests requests in flight
	 * @param workers blocking handlers queued and running
	 * @param eventLoops the event loops and their average ready keys per wake-up
	 * @param cgi CGI processes running and the limit
	 * @param limits the size and count limits in force
	 * @param timeouts the timeouts in force (ISO-8601 durations)
	 */
	public record WebservDescriptor(String state, List<ListenerDescriptor> listeners, Connections connections,
			Requests requests, Workers workers, EventLoops eventLoops, Cgi cgi, Limits limits,
			Map<String, String> timeouts) implements OperationResponseBody {
	}

	/**
	 * One listener.
	 *
	 * @param configured the address as configured ("127.0.0.1:0", "*:8080")
	 * @param address the bound IP address, or the configured host while unbound
	 * @param port the bound port, -1 while unbound
	 * @param state OPEN, CLOSED (stopped or draining) or UNBOUND
	 * @param servers the names of the servers answering on it
	 */
	public record ListenerDescriptor(String configured, String address, int port, String state, List<String> servers) {
	}

	/**
	 * @param active open connections @param max webserv.limits.max-connections
	 */
	public record Connections(int active, int max) {
	}

	/**
	 * @param active requests received and not yet answered
	 */
	public record Requests(int active) {
	}

	/**
	 * @param queued blocking handlers waiting for a worker @param busy blocking handlers
	 * running
	 */
	public record Workers(int queued, int busy) {
	}

	/**
	 * @param count event-loop threads @param keysPerWakeup average ready keys per
	 * wake-up, per loop
	 */
	public record EventLoops(int count, double[] keysPerWakeup) {
	}

	/**
	 * @param running CGI processes running @param max webserv.limits.max-cgi-processes
	 */
	public record Cgi(int running, int max) {
	}

}
