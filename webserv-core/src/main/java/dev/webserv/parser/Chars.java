package dev.webserv.parser;

/**
 * Byte classes of the HTTP grammar (RFC 9110 §5.6, RFC 9112), as lookup tables so the
 * per-byte loops of the parser and the chunked decoder stay branch-light.
 */
final class Chars {

	static final byte CR = '\r';
	static final byte LF = '\n';
	static final byte SP = ' ';
	static final byte HTAB = '\t';

	private static final boolean[] TCHAR = new boolean[256];

	private static final boolean[] FIELD_CONTENT = new boolean[256];

	private static final boolean[] QDTEXT = new boolean[256];

	static {
		for (int c = '0'; c <= '9'; c++) {
			TCHAR[c] = true;
		}
		for (int c = 'a'; c <= 'z'; c++) {
			TCHAR[c] = true;
			TCHAR[c - 'a' + 'A'] = true;
		}
		for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
			TCHAR[c] = true;
		}
		// field-value bytes: HTAB, SP, VCHAR and obs-text (RFC 9110 §5.5)
		for (int c = 0x20; c <= 0xFF; c++) {
			FIELD_CONTENT[c] = c != 0x7F;
		}
		FIELD_CONTENT[HTAB] = true;
		// qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text (RFC 9110 §5.6.4)
		System.arraycopy(FIELD_CONTENT, 0, QDTEXT, 0, 256);
		QDTEXT['"'] = false;
		QDTEXT['\\'] = false;
	}

	private Chars() {
	}

	static boolean isTchar(byte b) {
		return TCHAR[b & 0xFF];
	}

	static boolean isTchar(char c) {
		return c < 256 && TCHAR[c];
	}

	/** HTAB, SP, VCHAR or obs-text: what a field value (and a quoted-pair) may hold. */
	static boolean isFieldContent(byte b) {
		return FIELD_CONTENT[b & 0xFF];
	}

	static boolean isQdtext(byte b) {
		return QDTEXT[b & 0xFF];
	}

	/** VCHAR: printable US-ASCII, no space. */
	static boolean isVisible(byte b) {
		return b > 0x20 && b < 0x7F;
	}

	static boolean isDigit(char c) {
		return c >= '0' && c <= '9';
	}

	/** The value of a hexadecimal digit, or -1. */
	static int hexValue(int c) {
		if (c >= '0' && c <= '9') {
			return c - '0';
		}
		if (c >= 'a' && c <= 'f') {
			return c - 'a' + 10;
		}
		if (c >= 'A' && c <= 'F') {
			return c - 'A' + 10;
		}
		return -1;
	}

	static boolean isToken(String s) {
		if (s.isEmpty()) {
			return false;
		}
		for (int i = 0; i < s.length(); i++) {
			if (!isTchar(s.charAt(i))) {
				return false;
			}
		}
		return true;
	}

}
