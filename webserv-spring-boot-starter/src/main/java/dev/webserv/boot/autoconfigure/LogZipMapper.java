package dev.webserv.boot.autoconfigure;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import dev.webserv.config.AccessLog;
import dev.webserv.config.Compression;

/**
 * Maps the access-log and compression blocks, and Boot's {@code server.compression.*},
 * onto the core's {@link AccessLog} and {@link Compression}, naming the property when a
 * value is refused.
 */
final class LogZipMapper {

	/** Boot's names for the settings of server.compression. */
	private static final Map<String, String> BOOT_NAMES = Map.of("compression.types", "server.compression.mime-types",
			"compression.min-length", "server.compression.min-response-size");

	private LogZipMapper() {
	}

	/** The server's access log, or null when it is not enabled. */
	static AccessLog accessLog(String prefix, AccessLogProperties properties) {
		if (properties == null || !properties.isEnabled()) {
			return null;
		}
		Path path = properties.getPath() != null ? Path.of(properties.getPath()) : null;
		return CoreSettings.build(prefix, Map.of(),
				() -> new AccessLog(path, path != null ? null : properties.getLogger(), properties.getFormat()));
	}

	/**
	 * The compression block, or null when it is not set (a location then inherits the
	 * server's).
	 */
	static Compression compression(String prefix, CompressionProperties properties) {
		if (properties == null) {
			return null;
		}
		if (properties.isBrotli()) {
			throw new InvalidConfigurationPropertyValueException(prefix + ".compression.brotli", true,
					"webserv has no brotli encoder (it compresses with gzip only); serve precompressed file.br "
							+ "siblings with compression.precompressed: true instead");
		}
		long minLength = ServerConfigMapper.bytes(prefix + ".compression.min-length", properties.getMinLength());
		return CoreSettings.build(prefix, Map.of(), () -> new Compression(properties.isEnabled(), properties.getTypes(),
				minLength, properties.getLevel(), properties.isVary(), properties.isPrecompressed()));
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
		return CoreSettings.build("server", BOOT_NAMES,
				() -> Compression.gzip()
					.withTypes(List.of(boot.getMimeTypes()))
					.withMinLength(boot.getMinResponseSize().toBytes()));
	}

}
