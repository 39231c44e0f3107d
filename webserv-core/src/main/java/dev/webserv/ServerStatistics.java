package dev.webserv;

import java.util.List;

/**
 * The figures of one server at one moment, read together; all zero before it starts.
 *
 * @param connections open connections
 * @param requestsInFlight requests received and not yet answered
 * @param handlersQueued blocking handlers waiting for a worker
 * @param handlersRunning blocking handlers running on workers
 * @param cgiProcesses CGI scripts running
 * @param loops each event loop's figures, in order
 */
public record ServerStatistics(int connections, int requestsInFlight, int handlersQueued, int handlersRunning,
		int cgiProcesses, List<Loop> loops) {

	public ServerStatistics {
		loops = List.copyOf(loops);
	}

	/**
	 * One event loop.
	 *
	 * @param name its thread's name
	 * @param keysPerWakeup average ready keys handled per wake-up (higher: busier)
	 */
	public record Loop(String name, double keysPerWakeup) {
	}

}
