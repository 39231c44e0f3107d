package dev.webserv.boot.reactive;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.web.server.GracefulShutdownCallback;
import org.springframework.boot.web.server.GracefulShutdownResult;
import org.springframework.boot.web.server.PortInUseException;
import org.springframework.boot.web.server.WebServer;
import org.springframework.boot.web.server.WebServerException;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;

import dev.webserv.BindFailedException;
import dev.webserv.Webserv;
import dev.webserv.boot.WebservWebServer;
import dev.webserv.config.ListenAddress;

/**
 * Boot's {@link WebServer} for a WebFlux application on webserv, as Reactor Netty's
 * {@code NettyWebServer} behaves: {@link #start()} binds (a port held by another socket
 * throws Boot's {@link PortInUseException}), {@link #stop()} closes at once and aborts a
 * graceful shutdown in progress, {@link #start()} after {@link #stop()} starts a new
 * server on the same configuration, {@link #getPort()} is -1 while not running, and a
 * non-daemon thread named "server" keeps the JVM alive while the server runs.
 *
 * <p>
 * Each start runs a fresh {@link WebservWebServer} (a core server cannot start twice);
 * {@link #current()} gives the one of the moment, for metrics and Actuator.
 */
public class WebservReactiveWebServer implements WebServer {

	private static final Log logger = LogFactory.getLog(WebservReactiveWebServer.class);

	private final Supplier<WebservWebServer> servers;

	private final ListenAddress primary;

	private WebservWebServer current;

	private boolean started;

	private boolean disabled;

	private CountDownLatch keepAlive;

	/** The callback of a graceful shutdown in progress, told once. */
	private GracefulShutdownCallback draining;

	/**
	 * @param servers a new, unstarted server on each call
	 * @param primary the address Boot's port is read from (server.address:server.port);
	 * null when server.port is -1: nothing is started then
	 */
	public WebservReactiveWebServer(Supplier<WebservWebServer> servers, ListenAddress primary) {
		this.servers = servers;
		this.primary = primary;
		this.disabled = primary == null;
		this.current = servers.get();
	}

	@Override
	public synchronized void start() throws WebServerException {
		if (started || disabled) {
			return;
		}
		if (current == null) {
			current = servers.get();
		}
		try {
			current.start();
		}
		catch (WebServerException e) {
			WebservWebServer failed = current;
			current = null;
			failed.stop();
			if (e.getCause() instanceof BindFailedException bind && bind.inUse()) {
				throw new PortInUseException(bind.port(), bind);
			}
			throw e;
		}
		started = true;
		keepAlive = new CountDownLatch(1);
		startKeepAliveThread(keepAlive);
		logger.info("webserv started on port " + getPort() + " (http/1.1)");
	}

	/**
	 * Like Netty's "server" thread: the event loops may be daemons, this thread is not.
	 */
	private static void startKeepAliveThread(CountDownLatch latch) {
		Thread thread = new Thread(() -> {
			try {
				latch.await();
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
			}
		}, "server");
		thread.setDaemon(false);
		thread.setContextClassLoader(WebservReactiveWebServer.class.getClassLoader());
		thread.start();
	}

	@Override
	public synchronized void stop() throws WebServerException {
		WebservWebServer stopping = current;
		boolean wasStarted = started;
		started = false;
		current = null;
		if (keepAlive != null) {
			keepAlive.countDown();
			keepAlive = null;
		}
		GracefulShutdownCallback aborted = draining;
		draining = null;
		if (aborted != null && stopping != null && stopping.getWebserv().statistics().requestsInFlight() > 0) {
			// a graceful shutdown cut short while requests still ran
			aborted.shutdownComplete(GracefulShutdownResult.REQUESTS_ACTIVE);
		}
		if (stopping != null) {
			stopping.stop();
		}
		if (wasStarted) {
			logger.info("webserv stopped");
		}
	}

	/**
	 * Boot's port: the one bound for server.address:server.port; -1 while not running.
	 */
	@Override
	public synchronized int getPort() {
		if (!started || current == null) {
			return -1;
		}
		Webserv webserv = current.getWebserv();
		int port = webserv.port(primary);
		return port != -1 ? port : webserv.port();
	}

	@Override
	public void shutDownGracefully(GracefulShutdownCallback callback) {
		AtomicBoolean told = new AtomicBoolean();
		GracefulShutdownCallback once = result -> {
			if (told.compareAndSet(false, true)) {
				callback.shutdownComplete(result);
			}
		};
		WebservWebServer running;
		synchronized (this) {
			running = started ? current : null;
			draining = once;
		}
		if (running == null) {
			once.shutdownComplete(GracefulShutdownResult.IDLE);
			return;
		}
		running.shutDownGracefully(once);
	}

	/**
	 * The server of the moment: before the first start, the one that will start; null
	 * after a stop until the next start.
	 */
	public synchronized WebservWebServer current() {
		return current;
	}

	/**
	 * The webserv server of the context when webserv is its reactive web server, else
	 * null.
	 */
	public static WebservWebServer current(ApplicationContext context) {
		if (context instanceof WebServerApplicationContext web
				&& web.getWebServer() instanceof WebservReactiveWebServer reactive) {
			return reactive.current();
		}
		return null;
	}

}
