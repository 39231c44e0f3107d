package dev.webserv.access;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import dev.webserv.Request;
import dev.webserv.Response;

/**
 * nginx's {@code auth_basic}: a request passes with {@code Authorization: Basic} naming a
 * user and password of the user file; otherwise 401 with
 * {@code WWW-Authenticate: Basic realm="..."}. Checking a password runs bcrypt, so a
 * location with it runs its requests on a worker, and the server's {@link PasswordChecks}
 * bound how many such checks run and wait at once.
 */
public final class BasicAuth {

	private final UserFile users;

	private final PasswordChecks checks;

	private final String challenge;

	BasicAuth(String realm, UserFile users, PasswordChecks checks) {
		this.users = users;
		this.checks = checks;
		this.challenge = "Basic realm=\"" + realm.replace("\\", "\\\\").replace("\"", "\\\"") + "\", charset=\"UTF-8\"";
	}

	/**
	 * Null when the request carries good credentials, else the answer: 401 with the
	 * challenge, or 503 when the server's bcrypt checks are all taken
	 * ({@link PasswordChecks}).
	 * @throws InterruptedException when the request is given up while its check waits
	 */
	public Response check(Request request) throws InterruptedException {
		byte[] credentials = credentials(request.header("Authorization"));
		if (credentials != null) {
			int colon = indexOf(credentials, (byte) ':');
			if (colon > 0) {
				String user = new String(credentials, 0, colon, StandardCharsets.UTF_8);
				byte[] password = Arrays.copyOfRange(credentials, colon + 1, credentials.length);
				Boolean right = users.costly(user) ? checks.run(() -> users.verify(user, password))
						: Boolean.valueOf(users.verify(user, password)); // boxed: a null
																			// stays null
				if (right == null) {
					return Response.error(503).setHeader("Retry-After", "1");
				}
				if (right) {
					return null;
				}
			}
		}
		return Response.error(401).setHeader("WWW-Authenticate", challenge);
	}

	/**
	 * Whether an answer of {@link #check} says the server is busy, not the client wrong.
	 */
	static boolean busy(Response answer) {
		return answer.status() == 503;
	}

	private static byte[] credentials(String authorization) {
		if (authorization == null || authorization.length() < 6
				|| !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
			return null;
		}
		try {
			return Base64.getDecoder().decode(authorization.substring(6).trim());
		}
		catch (IllegalArgumentException e) {
			return null;
		}
	}

	private static int indexOf(byte[] bytes, byte wanted) {
		for (int i = 0; i < bytes.length; i++) {
			if (bytes[i] == wanted) {
				return i;
			}
		}
		return -1;
	}

}
