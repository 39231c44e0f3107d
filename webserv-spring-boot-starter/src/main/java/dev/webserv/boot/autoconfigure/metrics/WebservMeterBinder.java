package dev.webserv.boot.autoconfigure.metrics;

import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.webserv.ServerStatistics;
import dev.webserv.Webserv;

/**
 * Gauges read from the server's statistics snapshot at each scrape: requests in flight,
 * the worker queue, busy workers, running CGI processes, selected keys per wake-up of
 * each event loop, and the connection limit. The figures of the moment read 0 (NaN for an
 * event loop) before the server starts.
 */
public class WebservMeterBinder implements MeterBinder {

	private final Supplier<Webserv> server;

	/**
	 * @param server the server, looked up when a gauge is read (it is created after the
	 * binders)
	 */
	public WebservMeterBinder(Supplier<Webserv> server) {
		this.server = server;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		gauge(registry, "webserv.requests.active", "Requests received and not yet answered", "requests",
				ServerStatistics::requestsInFlight);
		gauge(registry, "webserv.workers.queued", "Blocking handlers waiting for a worker thread", "tasks",
				ServerStatistics::handlersQueued);
		gauge(registry, "webserv.workers.busy", "Blocking handlers running on worker threads", "threads",
				ServerStatistics::handlersRunning);
		gauge(registry, "webserv.cgi.processes", "CGI processes running", "processes", ServerStatistics::cgiProcesses);
		Gauge.builder("webserv.connections.max", server, supplier -> {
			Webserv webserv = supplier.get();
			return webserv == null ? Double.NaN : webserv.config().limits().maxConnections();
		})
			.description("The connection limit (webserv.limits.max-connections)")
			.baseUnit("connections")
			.strongReference(true)
			.register(registry);
		FunctionCounter
			.builder("webserv.access.log.dropped", server,
					supplier -> supplier.get() == null ? 0 : supplier.get().accessLogDroppedLines())
			.description("Access log lines lost: the queue was full (a slow or stalled destination) or a write failed")
			.baseUnit("lines")
			.register(registry);
		Webserv webserv = server.get();
		int loops = webserv != null ? webserv.config().eventLoops() : 0;
		for (int i = 0; i < loops; i++) {
			int index = i;
			Gauge.builder("webserv.eventloop.keys.per.wakeup", server, supplier -> keysPerWakeup(supplier.get(), index))
				.description("Average ready keys an event loop handles per wake-up (higher: busier loop)")
				.tag("loop", "webserv-io-" + (index + 1))
				.strongReference(true)
				.register(registry);
		}
	}

	private void gauge(MeterRegistry registry, String name, String description, String unit,
			ToDoubleFunction<ServerStatistics> figure) {
		Gauge.builder(name, server, supplier -> {
			Webserv webserv = supplier.get();
			return webserv == null || webserv.state() == Webserv.State.NEW ? 0
					: figure.applyAsDouble(webserv.statistics());
		}).description(description).baseUnit(unit).strongReference(true).register(registry);
	}

	private static double keysPerWakeup(Webserv webserv, int index) {
		if (webserv == null) {
			return Double.NaN;
		}
		List<ServerStatistics.Loop> loops = webserv.statistics().loops();
		return index < loops.size() ? loops.get(index).keysPerWakeup() : Double.NaN;
	}

}
