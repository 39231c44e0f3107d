package dev.webserv.accesslog;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.webserv.config.AccessLog;
import dev.webserv.config.ServerConfig;
import dev.webserv.config.VirtualServer;
import dev.webserv.events.AccessRecord;
import dev.webserv.events.ServerEvents;

/**
 * The access logs of one server: each virtual server's format and destination, and the
 * one thread that writes them all. As a {@link ServerEvents} listener it formats a line
 * on the thread that reports the request (cheap, no I/O) and queues it (at most
 * {@link #QUEUE_CAPACITY} lines and {@link #QUEUE_CHARS} characters); see
 * {@link LineWriter} for what happens when the queue is full. Virtual servers naming the
 * same file share it.
 */
public final class AccessLogs implements ServerEvents {

	/** Lines waiting to be written, for all virtual servers of a server. */
	public static final int QUEUE_CAPACITY = 16 * 1024;

	/**
	 * Characters waiting to be written, all lines together: a line holds request headers
	 * (up to 8 KB each, four times that once escaped), so a full queue of long lines
	 * would otherwise hold a gigabyte.
	 */
	public static final long QUEUE_CHARS = 8 * 1024 * 1024;

	/** How often files are checked for rotation. */
	public static final long ROTATION_CHECK_MILLIS = 1000;

	private record Log(LogFormat format, LogDestination destination) {
	}

	/** by virtual server name */
	private final Map<String, Log> logs = new HashMap<>();

	private final LineWriter writer;

	private AccessLogs(ServerConfig config, int capacity, long checkMillis) {
		Map<Path, LogDestination> files = new HashMap<>();
		Map<String, LogDestination> loggers = new HashMap<>();
		List<LogDestination> destinations = new ArrayList<>();
		for (int i = 0; i < config.servers().size(); i++) {
			VirtualServer server = config.servers().get(i);
			String setting = "servers[" + i + "].access-log.path";
			AccessLog settings = server.accessLog();
			if (settings == null) {
				continue;
			}
			LogDestination destination;
			if (settings.path() != null) {
				destination = files.computeIfAbsent(settings.path().toAbsolutePath().normalize(),
						path -> FileDestination.checked(setting, path));
			}
			else {
				destination = loggers.computeIfAbsent(settings.logger(), LogDestination::logger);
			}
			if (!destinations.contains(destination)) {
				destinations.add(destination);
			}
			String serverName = server.serverNames().isEmpty() ? "" : server.serverNames().get(0);
			logs.put(server.name(), new Log(LogFormat.of(settings.format(), serverName), destination));
		}
		this.writer = new LineWriter(destinations, capacity, QUEUE_CHARS, checkMillis);
	}

	/**
	 * The access logs of a configuration, or null when no virtual server has one.
	 * @throws dev.webserv.config.InvalidSettingException for a file that could never be
	 * written
	 */
	public static AccessLogs of(ServerConfig config) {
		return of(config, QUEUE_CAPACITY, ROTATION_CHECK_MILLIS);
	}

	static AccessLogs of(ServerConfig config, int capacity, long checkMillis) {
		boolean any = config.servers().stream().anyMatch(server -> server.accessLog() != null);
		return any ? new AccessLogs(config, capacity, checkMillis) : null;
	}

	@Override
	public void access(AccessRecord record) {
		Log log = logs.get(record.server());
		if (log != null) {
			writer.offer(log.destination(), log.format().format(record));
		}
	}

	/** Starts the writer thread, named {@code <prefix>access-log}. */
	public void start(String threadPrefix) {
		writer.start(threadPrefix + "access-log");
	}

	/** Writes the lines still queued (for a while) and ends the writer thread. */
	public void stop() {
		writer.stop();
	}

	/** Closes and reopens every log file, as after logrotate's rename. */
	public void reopen() {
		writer.reopen();
	}

	/**
	 * Lines lost so far: queue full (a stalled or slow destination) or write failures.
	 */
	public long droppedLines() {
		return writer.dropped();
	}

}
