package dev.webserv.listener;

import java.time.Duration;

import dev.webserv.Handler;
import dev.webserv.Response;
import dev.webserv.Webserv;
import dev.webserv.config.ServerConfig;
import dev.webserv.config.Timeouts;
import dev.webserv.config.VirtualServer;

/**
 * The server of {@link AcceptorFdExhaustionTest}, run in a child JVM with a small
 * descriptor limit: prints "port N", serves until its standard input closes.
 */
public final class FdExhaustionServer {

	private FdExhaustionServer() {
	}

	/**
	 * Set, the common ForkJoinPool's threads are all kept busy, as an application may.
	 */
	static final String BLOCK_COMMON_POOL = "fdtest.blockCommonPool";

	public static void main(String[] args) throws Exception {
		ServerConfig config = ServerConfig.builder()
			.ioThreads(1)
			.workerThreads(1)
			.virtualThreads(false)
			.timeouts(Timeouts.DEFAULTS.withHeader(Duration.ofMinutes(2)).withIdle(Duration.ofMinutes(2)))
			.server(VirtualServer.builder()
				.listen("127.0.0.1:0")
				.route("GET", "/hello", Handler.nonBlocking(request -> Response.ok("hello")))
				.build())
			.build();
		try (Webserv server = new Webserv(config)) {
			server.start();
			// a deployed server has logged by now (which opens the time-zone data once)
			java.util.logging.Logger.getLogger(FdExhaustionServer.class.getName()).info("started");
			if (Boolean.getBoolean(BLOCK_COMMON_POOL)) {
				for (int i = 0; i < java.util.concurrent.ForkJoinPool.getCommonPoolParallelism(); i++) {
					java.util.concurrent.ForkJoinPool.commonPool().execute(FdExhaustionServer::sleepForever);
				}
			}
			System.out.println("port " + server.port());
			System.out.flush();
			while (System.in.read() != -1) {
				// until the test closes our standard input
			}
		}
	}

	private static void sleepForever() {
		try {
			Thread.sleep(Long.MAX_VALUE);
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

}
