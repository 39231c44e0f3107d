package dev.webserv.config;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What webserv calls itself (nginx's server_tokens): "webserv/0.1.0" when tokens are on
 * and the build stamped its version, else "webserv".
 */
public final class ServerTokens {

	private static final String VERSION = readVersion();

	private ServerTokens() {
	}

	/** The Server header and error-page signature. */
	public static String signature(boolean tokens) {
		return tokens && VERSION != null ? "webserv/" + VERSION : "webserv";
	}

	private static String readVersion() {
		try (InputStream in = ServerTokens.class.getResourceAsStream("version.properties")) {
			if (in == null) {
				return null;
			}
			Properties properties = new Properties();
			properties.load(in);
			String version = properties.getProperty("version");
			return version == null || version.isBlank() || version.startsWith("$") ? null : version.trim();
		}
		catch (IOException e) {
			return null;
		}
	}

}
