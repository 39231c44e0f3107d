package dev.webserv.boot.autoconfigure;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;

/**
 * {@code webserv.shutdown-delay}: when the context closes, readiness is already
 * OUT_OF_SERVICE (published before any lifecycle stops); this lifecycle, stopped in the
 * phase just above Boot's graceful shutdown, keeps webserv serving for the delay, so a
 * load balancer's health checks see the 503 and take the instance out before its
 * listeners close and its idle connections are cut. Then the graceful drain runs. It is
 * Kubernetes' preStop sleep, for load balancers that have none (HAProxy, a plain
 * Service).
 */
final class ShutdownDelay implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(ShutdownDelay.class);

	private final Duration delay;

	private volatile boolean running;

	ShutdownDelay(Duration delay) {
		if (delay == null || delay.isNegative()) {
			throw new InvalidConfigurationPropertyValueException("webserv.shutdown-delay", delay,
					"must be zero or more");
		}
		this.delay = delay;
	}

	@Override
	public void start() {
		running = true;
	}

	@Override
	public void stop() {
		if (!running) {
			return;
		}
		running = false;
		if (delay.isZero()) {
			return;
		}
		logger.info("Readiness is OUT_OF_SERVICE; webserv keeps serving for " + delay.toMillis()
				+ " ms (webserv.shutdown-delay) before it drains");
		try {
			Thread.sleep(delay.toMillis());
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt(); // shutting down anyway: drain now
		}
	}

	@Override
	public boolean isRunning() {
		return running;
	}

	/** Stopped before the graceful shutdown (higher phases stop first). */
	@Override
	public int getPhase() {
		return WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE + 1;
	}

	Duration delay() {
		return delay;
	}

}
