package dev.webserv.access;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Checks passwords against bcrypt hashes ({@code $2a$}, {@code $2b$}, {@code $2y$}), as
 * Provos and Mazières describe it ("A Future-Adaptable Password Scheme", 1999):
 * EksBlowfishSetup, then "OrpheanBeholderScryDoubt" enciphered 64 times. Passwords are
 * cut at 72 bytes, NUL included, as OpenBSD does; the three prefixes are the same
 * computation here (they differ only in bugs of old implementations).
 *
 * <p>
 * Blowfish's initial P-array and S-boxes are the hexadecimal digits of pi; they are
 * computed once (Machin's formula, about 33,000 bits) rather than pasted in.
 */
public final class Bcrypt {

	/** Highest cost accepted: 2^20 rounds already take about a second. */
	public static final int MAX_COST = 20;

	private static final String ALPHABET = "./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

	private static final byte[] MAGIC = "OrpheanBeholderScryDoubt".getBytes(StandardCharsets.US_ASCII);

	private static final int[] PI_WORDS = piWords(18 + 1024);

	private final int[] p = Arrays.copyOfRange(PI_WORDS, 0, 18);

	private final int[] s = Arrays.copyOfRange(PI_WORDS, 18, 18 + 1024);

	private Bcrypt() {
	}

	/**
	 * A parsed hash: cost, 16 bytes of salt, 23 bytes of result.
	 */
	public record Hash(int cost, byte[] salt, byte[] result) {

		/**
		 * Parses {@code $2y$10$} + 22 characters of salt + 31 of result.
		 * @throws IllegalArgumentException when it is not such a hash
		 */
		public static Hash parse(String text) {
			if (text.length() != 60 || text.charAt(0) != '$' || text.charAt(1) != '2'
					|| "aby".indexOf(text.charAt(2)) < 0 || text.charAt(3) != '$' || text.charAt(6) != '$') {
				throw new IllegalArgumentException("not a bcrypt hash ($2a$, $2b$ or $2y$, 60 characters)");
			}
			int cost = twoDigits(text.charAt(4), text.charAt(5));
			if (cost < 4 || cost > MAX_COST) {
				throw new IllegalArgumentException(
						"bcrypt cost must be 4 to " + MAX_COST + ": " + text.substring(4, 6));
			}
			return new Hash(cost, decode(text.substring(7, 29), 16), decode(text.substring(29), 23));
		}

		/** Whether the password gives this hash; the comparison takes constant time. */
		public boolean matches(byte[] password) {
			return MessageDigest.isEqual(hash(password, salt, cost), result);
		}

	}

	private static int twoDigits(char tens, char ones) {
		if (tens < '0' || tens > '9' || ones < '0' || ones > '9') {
			throw new IllegalArgumentException("bcrypt cost is not a number");
		}
		return (tens - '0') * 10 + (ones - '0');
	}

	/** The 23 bytes bcrypt makes of a password, a 16-byte salt and a cost. */
	public static byte[] hash(byte[] password, byte[] salt, int cost) {
		byte[] key = Arrays.copyOf(password, Math.min(password.length + 1, 72)); // NUL-ended
		Bcrypt state = new Bcrypt();
		state.expand(key, salt);
		for (long round = 1L << cost; round > 0; round--) {
			state.expand(key, null);
			state.expand(salt, null);
		}
		int[] text = new int[6];
		int[] at = { 0 };
		for (int i = 0; i < 6; i++) {
			text[i] = word(MAGIC, at);
		}
		for (int i = 0; i < 64; i++) {
			for (int j = 0; j < 6; j += 2) {
				state.encipher(text, j);
			}
		}
		byte[] out = new byte[23];
		for (int i = 0; i < 23; i++) {
			out[i] = (byte) (text[i / 4] >>> (24 - 8 * (i % 4)));
		}
		return out;
	}

	/**
	 * Blowfish's key schedule with the salt of EksBlowfish: the key into P, then P and S
	 * replaced by successive encipherments of a block mixed with the salt (none when
	 * null).
	 */
	private void expand(byte[] key, byte[] salt) {
		int[] keyAt = { 0 };
		for (int i = 0; i < 18; i++) {
			p[i] ^= word(key, keyAt);
		}
		int[] block = { 0, 0 };
		int[] saltAt = { 0 };
		for (int i = 0; i < 18; i += 2) {
			next(block, salt, saltAt);
			p[i] = block[0];
			p[i + 1] = block[1];
		}
		for (int i = 0; i < 1024; i += 2) {
			next(block, salt, saltAt);
			s[i] = block[0];
			s[i + 1] = block[1];
		}
	}

	private void next(int[] block, byte[] salt, int[] saltAt) {
		if (salt != null) {
			block[0] ^= word(salt, saltAt);
			block[1] ^= word(salt, saltAt);
		}
		encipher(block, 0);
	}

	/** The next four bytes of data, taken round and round, big-endian. */
	private static int word(byte[] data, int[] at) {
		int word = 0;
		for (int i = 0; i < 4; i++) {
			word = (word << 8) | (data[at[0]] & 0xff);
			at[0] = (at[0] + 1) % data.length;
		}
		return word;
	}

	private void encipher(int[] block, int offset) {
		int left = block[offset] ^ p[0];
		int right = block[offset + 1];
		for (int i = 1; i <= 16; i += 2) {
			right ^= f(left) ^ p[i];
			left ^= f(right) ^ p[i + 1];
		}
		block[offset] = right ^ p[17];
		block[offset + 1] = left;
	}

	private int f(int x) {
		int h = s[x >>> 24] + s[256 | ((x >>> 16) & 0xff)];
		return (h ^ s[512 | ((x >>> 8) & 0xff)]) + s[768 | (x & 0xff)];
	}

	/** Decodes bcrypt's base-64 (its own alphabet, no padding) into this many bytes. */
	static byte[] decode(String text, int length) {
		byte[] out = new byte[length];
		int bits = 0;
		int buffer = 0;
		int written = 0;
		for (int i = 0; i < text.length() && written < length; i++) {
			int value = ALPHABET.indexOf(text.charAt(i));
			if (value < 0) {
				throw new IllegalArgumentException("bad character in bcrypt hash: '" + text.charAt(i) + "'");
			}
			buffer = (buffer << 6) | value;
			bits += 6;
			if (bits >= 8) {
				bits -= 8;
				out[written++] = (byte) (buffer >>> bits);
			}
		}
		if (written < length) {
			throw new IllegalArgumentException("bcrypt hash too short");
		}
		return out;
	}

	/**
	 * The first {@code count} 32-bit words of pi's fraction: pi * 2^bits from 16
	 * atan(1/5) - 4 atan(1/239), with 64 guard bits.
	 */
	static int[] piWords(int count) {
		int bits = count * 32 + 64;
		BigInteger pi = arctanInverse(5, bits).shiftLeft(4).subtract(arctanInverse(239, bits).shiftLeft(2));
		BigInteger fraction = pi.subtract(BigInteger.valueOf(3).shiftLeft(bits));
		int[] words = new int[count];
		for (int i = 0; i < count; i++) {
			words[i] = fraction.shiftRight(bits - 32 * (i + 1)).intValue();
		}
		return words;
	}

	private static BigInteger arctanInverse(int x, int bits) {
		BigInteger square = BigInteger.valueOf((long) x * x);
		BigInteger power = BigInteger.ONE.shiftLeft(bits).divide(BigInteger.valueOf(x));
		BigInteger sum = power;
		for (int k = 1; power.signum() != 0; k++) {
			power = power.divide(square);
			BigInteger term = power.divide(BigInteger.valueOf(2L * k + 1));
			sum = (k % 2 == 1) ? sum.subtract(term) : sum.add(term);
		}
		return sum;
	}

}
