package dev.webserv.config;

import java.nio.file.Path;

/**
 * A virtual server's access log (nginx's {@code access_log} and {@code log_format}): one
 * line per request, to a file or to a {@link System.Logger}.
 *
 * @param path the file lines are appended to (reopened when renamed or deleted, as
 * logrotate does), or null
 * @param logger the name of the {@link System.Logger} lines go to at INFO, or null;
 * exactly one of path and logger is set
 * @param format {@code combined} (the default when null), {@code common}, {@code json},
 * or a pattern of nginx variables; a refused value names its setting relative to the
 * block ("access-log.format")
 */
public record AccessLog(Path path, String logger, String format) {

	public AccessLog {
		if ((path == null) == (logger == null || logger.isBlank())) {
			throw new InvalidSettingException("access-log.path", path, "needs exactly one of path and logger");
		}
		try {
			if (!LogPattern.isJson(format)) {
				LogPattern.of(format);
			}
		}
		catch (IllegalArgumentException e) {
			throw new InvalidSettingException("access-log.format", format, "is refused: " + e.getMessage());
		}
	}

	/** Lines in nginx's combined format, appended to this file. */
	public static AccessLog toFile(Path path) {
		return new AccessLog(path, null, null);
	}

	/** Lines in nginx's combined format, to the {@link System.Logger} of this name. */
	public static AccessLog toLogger(String name) {
		return new AccessLog(null, name, null);
	}

	/** The same destination with another format. */
	public AccessLog withFormat(String format) {
		return new AccessLog(path, logger, format);
	}

}
