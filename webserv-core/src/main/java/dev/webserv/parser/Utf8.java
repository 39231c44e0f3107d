package dev.webserv.parser;

/**
 * Strict UTF-8 validation (RFC 3629): no overlong forms, no surrogates, nothing above
 * U+10FFFF. Overlong forms matter most: "%C0%AF" is a '/' to a lenient decoder, which is
 * how path checks used to be bypassed.
 */
final class Utf8 {

	private Utf8() {
	}

	static boolean isValid(byte[] bytes, int length) {
		int i = 0;
		while (i < length) {
			int lead = bytes[i] & 0xFF;
			if (lead < 0x80) {
				i++;
				continue;
			}
			int continuation = continuationCount(lead);
			if (continuation < 0 || i + continuation >= length) {
				return false;
			}
			int codePoint = lead & (0x3F >> continuation);
			for (int k = 1; k <= continuation; k++) {
				int next = bytes[i + k] & 0xFF;
				if ((next & 0xC0) != 0x80) {
					return false;
				}
				codePoint = codePoint << 6 | (next & 0x3F);
			}
			if (!isShortest(codePoint, continuation) || (codePoint >= 0xD800 && codePoint <= 0xDFFF)
					|| codePoint > 0x10FFFF) {
				return false;
			}
			i += continuation + 1;
		}
		return true;
	}

	/** Continuation bytes after this lead byte, or -1 if it cannot start a sequence. */
	private static int continuationCount(int lead) {
		if (lead >= 0xC2 && lead <= 0xDF) {
			return 1;
		}
		if (lead >= 0xE0 && lead <= 0xEF) {
			return 2;
		}
		if (lead >= 0xF0 && lead <= 0xF4) {
			return 3;
		}
		return -1;
	}

	private static boolean isShortest(int codePoint, int continuation) {
		return switch (continuation) {
			case 1 -> codePoint >= 0x80;
			case 2 -> codePoint >= 0x800;
			default -> codePoint >= 0x10000;
		};
	}

}
