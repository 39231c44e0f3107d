package dev.webserv.boot.autoconfigure;

import java.util.List;

import org.springframework.util.unit.DataSize;

import dev.webserv.config.Compression;

/**
 * {@code webserv.servers[].compression} and {@code ...locations[].compression}: nginx's
 * gzip directives. On a location, an unset block inherits the server's.
 */
public class CompressionProperties {

	/**
	 * Whether responses are gzip-compressed for clients that accept it (nginx's gzip).
	 */
	private boolean enabled;

	/** Media types compressed: exact, "text/*" or "*" (nginx's gzip_types). */
	private List<String> types = Compression.DEFAULT_TYPES;

	/**
	 * Responses known to be shorter than this are sent as they are (nginx's
	 * gzip_min_length).
	 */
	private DataSize minLength = DataSize.ofBytes(20);

	/** Deflate level, 1 (fastest) to 9 (nginx's gzip_comp_level). */
	private int level = 1;

	/** Whether compressible responses say "Vary: Accept-Encoding" (nginx's gzip_vary). */
	private boolean vary = true;

	/**
	 * Whether file.br and file.gz next to a static file are sent in its place to clients
	 * that accept them (nginx's gzip_static); works with enabled false too.
	 */
	private boolean precompressed;

	/**
	 * Whether responses are brotli-compressed on the fly. webserv has no brotli encoder
	 * (gzip only), so true fails start-up; precompressed file.br siblings are served with
	 * 'precompressed'.
	 */
	private boolean brotli;

	public boolean isEnabled() {
		return enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<String> getTypes() {
		return types;
	}

	public void setTypes(List<String> types) {
		this.types = types;
	}

	public DataSize getMinLength() {
		return minLength;
	}

	public void setMinLength(DataSize minLength) {
		this.minLength = minLength;
	}

	public int getLevel() {
		return level;
	}

	public void setLevel(int level) {
		this.level = level;
	}

	public boolean isVary() {
		return vary;
	}

	public void setVary(boolean vary) {
		this.vary = vary;
	}

	public boolean isPrecompressed() {
		return precompressed;
	}

	public void setPrecompressed(boolean precompressed) {
		this.precompressed = precompressed;
	}

	public boolean isBrotli() {
		return brotli;
	}

	public void setBrotli(boolean brotli) {
		this.brotli = brotli;
	}

}
