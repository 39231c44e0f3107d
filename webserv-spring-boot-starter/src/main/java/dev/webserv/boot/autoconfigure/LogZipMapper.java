package dev.webserv.boot.autoconfigure;

import java.nio.file.Path;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import dev.webserv.config.AccessLog;
import dev.webserv.config.Compression;

/**
 * Maps the access-log and compression blocks, and Boot's {@code server.compression.*},
 * onto the core's {@link AccessLog} and {@link Compression}, naming the property when a
 * value is refused.
 */
final class LogZipMapper {

	private LogZipMapper() {
	}

	/** The server's access log, or null when it is not enabled. */
	static AccessLog accessLog(String prefix, AccessLogProperties properties) {
		if (properties == null || !properties.isEnabled()) {
			return null;
		}
		try {
			AccessLog log = properties.getPath() != null ? AccessLog.toFile(Path.of(properties.getPath()))
					: AccessLog.toLogger(properties.getLogger());
			return log.withFormat(properties.getFormat());
		}
		catch (IllegalArgumentException e) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".access-log.format", properties.getFormat(),
					e.getMessage());
		}
	}

	/**
	 * The compression block, or null when it is not set (a location then inherits the
	 * server's).
	 */
	static Compression compression(String prefix, CompressionProperties properties) {
		if (properties == null) {
			return null;
		}
		String property = prefix + ".compression";
		long minLength = ServerConfigMapper.bytes(property + ".min-length", properties.getMinLength());
		if (properties.getLevel() < 1 || properties.getLevel() > 9) {
			throw new InvalidConfigurationPropertyValueException(property + ".level", properties.getLevel(),
					"must be 1-9");
		}
		try {
			return new Compression(properties.isEnabled(), properties.getTypes(), minLength, properties.getLevel(),
					properties.isVary(), properties.isPrecompressed());
		}
		catch (IllegalArgumentException e) {
			throw new InvalidConfigurationPropertyValueException(property + ".types", properties.getTypes(),
					e.getMessage());
		}
	}

	/**
	 * Boot's {@code server.compression}, for the server on server.port: gzip at level 1
	 * with Boot's types and minimum size.
	 */
	static Compression standard(org.springframework.boot.web.server.Compression boot) {
		if (boot == null || !boot.getEnabled()) {
			return null;
		}
		String[] excluded = boot.getExcludedUserAgents();
		if (excluded != null && excluded.length > 0) {
			throw new InvalidConfigurationPropertyValueException("server.compression.excluded-user-agents",
					String.join(",", excluded), "not supported by webserv; remove it");
		}
		try {
			return Compression.gzip()
				.withTypes(java.util.List.of(boot.getMimeTypes()))
				.withMinLength(boot.getMinResponseSize().toBytes());
		}
		catch (IllegalArgumentException e) {
			throw new InvalidConfigurationPropertyValueException("server.compression.mime-types",
					String.join(",", boot.getMimeTypes()), e.getMessage());
		}
	}

}
