package dev.webserv.access;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An htpasswd file ({@code user:hash} per line, {@code #} comments), with bcrypt
 * ({@code $2y$}, {@code $2a$}, {@code $2b$}) and SHA-1 ({@code {SHA}}) entries. Read at
 * start-up, where a line that does not parse fails naming the file and line; re-read when
 * its modification time or size changes, looked at most once a second, by the thread
 * checking a password (a worker: never an event loop). A changed file that does not parse
 * is logged and the last good one kept.
 *
 * <p>
 * A user the file does not know is checked against a dummy hash of the file's highest
 * bcrypt cost, so a wrong name costs what a wrong password costs.
 */
public final class UserFile {

	private static final Logger LOG = Logger.getLogger(UserFile.class.getName());

	private static final long CHECK_INTERVAL_NANOS = 1_000_000_000L;

	private final Path path;

	private final AtomicBoolean checking = new AtomicBoolean();

	private volatile Users users;

	private volatile long checkedAt;

	private UserFile(Path path, Users users) {
		this.path = path;
		this.users = users;
		this.checkedAt = System.nanoTime();
	}

	/**
	 * Reads the file.
	 * @throws IllegalArgumentException naming the file (and line) when it cannot be read
	 * or a line does not parse
	 */
	public static UserFile load(Path path) {
		return new UserFile(path, Users.read(path));
	}

	/** Whether this user has this password; never faster for an unknown user. */
	public boolean verify(String user, byte[] password) {
		Users current = current();
		Credential credential = current.byName.get(user);
		boolean known = credential != null;
		boolean matches = (known ? credential : current.dummy).matches(password);
		return known & matches;
	}

	/**
	 * Whether checking this user's password runs bcrypt (an unknown user's does when the
	 * file has a bcrypt entry: the dummy is bcrypt).
	 */
	boolean costly(String user) {
		Users current = users;
		Credential credential = current.byName.get(user);
		return !((credential != null ? credential : current.dummy) instanceof Sha1);
	}

	private Users current() {
		long now = System.nanoTime();
		if (now - checkedAt >= CHECK_INTERVAL_NANOS && checking.compareAndSet(false, true)) {
			try {
				checkedAt = now;
				reloadIfChanged();
			}
			finally {
				checking.set(false);
			}
		}
		return users;
	}

	private void reloadIfChanged() {
		Users old = users;
		try {
			BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
			if (attributes.lastModifiedTime().toMillis() == old.modified && attributes.size() == old.size) {
				return;
			}
			users = Users.read(path);
		}
		catch (IOException | IllegalArgumentException | UncheckedIOException e) {
			LOG.log(Level.WARNING, "keeping the last good user file: " + e.getMessage());
		}
	}

	/** One line's secret. */
	private interface Credential {

		boolean matches(byte[] password);

	}

	private record Sha1(byte[] digest) implements Credential {

		@Override
		public boolean matches(byte[] password) {
			return MessageDigest.isEqual(sha1(password), digest);
		}

	}

	private record Users(Map<String, Credential> byName, Credential dummy, long modified, long size) {

		static Users read(Path path) {
			BasicFileAttributes attributes;
			List<String> lines;
			try {
				attributes = Files.readAttributes(path, BasicFileAttributes.class);
				lines = Files.readAllLines(path, StandardCharsets.UTF_8);
			}
			catch (IOException e) {
				throw new IllegalArgumentException("user file " + path + " cannot be read: " + e, e);
			}
			Map<String, Credential> byName = new HashMap<>();
			int maxCost = 0;
			for (int i = 0; i < lines.size(); i++) {
				String line = lines.get(i).strip();
				if (line.isEmpty() || line.startsWith("#")) {
					continue;
				}
				int colon = line.indexOf(':');
				try {
					if (colon <= 0) {
						throw new IllegalArgumentException("not 'user:hash'");
					}
					Credential credential = credential(line.substring(colon + 1));
					if (credential instanceof BcryptCredential bcrypt) {
						maxCost = Math.max(maxCost, bcrypt.hash().cost());
					}
					byName.put(line.substring(0, colon), credential);
				}
				catch (IllegalArgumentException e) {
					throw new IllegalArgumentException(
							"user file " + path + " line " + (i + 1) + " does not parse: " + e.getMessage(), e);
				}
			}
			return new Users(Map.copyOf(byName), dummy(maxCost), attributes.lastModifiedTime().toMillis(),
					attributes.size());
		}

		private static Credential dummy(int cost) {
			SecureRandom random = new SecureRandom();
			if (cost == 0) {
				byte[] digest = new byte[20];
				random.nextBytes(digest);
				return new Sha1(digest);
			}
			byte[] salt = new byte[16];
			byte[] result = new byte[23];
			random.nextBytes(salt);
			random.nextBytes(result);
			Bcrypt.Hash hash = new Bcrypt.Hash(cost, salt, result);
			return hash::matches;
		}

	}

	private static Credential credential(String secret) {
		if (secret.startsWith("$2")) {
			Bcrypt.Hash hash = Bcrypt.Hash.parse(secret);
			return new BcryptCredential(hash);
		}
		if (secret.startsWith("{SHA}")) {
			byte[] digest;
			try {
				digest = Base64.getDecoder().decode(secret.substring(5));
			}
			catch (IllegalArgumentException e) {
				throw new IllegalArgumentException("{SHA} is not followed by base64");
			}
			if (digest.length != 20) {
				throw new IllegalArgumentException("{SHA} digest is not 20 bytes");
			}
			return new Sha1(digest);
		}
		throw new IllegalArgumentException(
				"unsupported hash (use bcrypt, 'htpasswd -B', or {SHA}, 'htpasswd -s'): " + abbreviate(secret));
	}

	private record BcryptCredential(Bcrypt.Hash hash) implements Credential {

		@Override
		public boolean matches(byte[] password) {
			return hash.matches(password);
		}

	}

	private static String abbreviate(String secret) {
		int dollar = secret.indexOf('$', 1);
		return secret.startsWith("$") && dollar > 0 ? secret.substring(0, dollar + 1) + "..." : "(not shown)";
	}

	private static byte[] sha1(byte[] password) {
		try {
			return MessageDigest.getInstance("SHA-1").digest(password);
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

}
