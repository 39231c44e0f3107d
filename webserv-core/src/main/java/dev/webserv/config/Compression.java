package dev.webserv.config;

import java.util.List;
import java.util.Locale;

/**
 * On-the-fly gzip of responses, nginx's {@code gzip} directives, for a server or a
 * location. A refused value names its setting relative to the block
 * ("compression.level").
 *
 * @param enabled nginx's {@code gzip on}; false turns it off (a location under a server
 * that compresses)
 * @param types media types compressed ({@code gzip_types}): exact ({@code text/html}),
 * {@code text/*}, or {@code *}; parameters such as charset are ignored when matching
 * @param minLength responses known to be shorter than this many bytes are sent as they
 * are ({@code gzip_min_length}); a body of unknown length is compressed
 * @param level the deflate level, 1 (fastest, nginx's default) to 9
 * ({@code gzip_comp_level})
 * @param vary whether responses that could have been compressed say
 * {@code Vary: Accept-Encoding} ({@code gzip_vary})
 * @param precompressed whether {@code file.gz} and {@code file.br} next to a static
 * {@code file} are sent in its place to clients that accept them ({@code gzip_static})
 */
public record Compression(boolean enabled, List<String> types, long minLength, int level, boolean vary,
		boolean precompressed) {

	/** Spring Boot's default {@code server.compression.mime-types}. */
	public static final List<String> DEFAULT_TYPES = List.of("text/html", "text/xml", "text/plain", "text/css",
			"text/javascript", "application/javascript", "application/json", "application/xml", "image/svg+xml");

	/** Compression off (for a location under a server that compresses). */
	public static final Compression OFF = new Compression(false, DEFAULT_TYPES, 20, 1, true, false);

	public Compression {
		types = types.stream().map(type -> type.trim().toLowerCase(Locale.ROOT)).toList();
		for (String type : types) {
			int slash = type.indexOf('/');
			boolean valid = type.equals("*")
					|| slash > 0 && slash < type.length() - 1 && type.indexOf('/', slash + 1) < 0 && !type.contains(";")
							&& !type.contains(" ") && (type.indexOf('*') < 0 || type.endsWith("/*"));
			if (!valid) {
				throw new InvalidSettingException("compression.types", type,
						"must list media types (type/subtype, type/* or *)");
			}
		}
		if (minLength < 0) {
			throw new InvalidSettingException("compression.min-length", minLength, "must not be negative");
		}
		if (level < 1 || level > 9) {
			throw new InvalidSettingException("compression.level", level, "must be 1-9");
		}
	}

	/**
	 * gzip on, with Boot's types, nginx's minimum length (20 bytes) and level (1), and
	 * Vary.
	 */
	public static Compression gzip() {
		return new Compression(true, DEFAULT_TYPES, 20, 1, true, false);
	}

	public Compression withTypes(List<String> types) {
		return new Compression(enabled, types, minLength, level, vary, precompressed);
	}

	public Compression withMinLength(long minLength) {
		return new Compression(enabled, types, minLength, level, vary, precompressed);
	}

	public Compression withLevel(int level) {
		return new Compression(enabled, types, minLength, level, vary, precompressed);
	}

	public Compression withVary(boolean vary) {
		return new Compression(enabled, types, minLength, level, vary, precompressed);
	}

	public Compression withPrecompressed(boolean precompressed) {
		return new Compression(enabled, types, minLength, level, vary, precompressed);
	}

}
