package dev.webserv.compression;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A request's {@code Accept-Encoding} (RFC 9110 §12.5.3): codings with q-values,
 * {@code *} for any other, {@code identity} acceptable unless excluded. A field that does
 * not parse is ignored as a whole, so the client gets the plain representation.
 */
public final class AcceptEncoding {

	private static final AcceptEncoding NONE = new AcceptEncoding(Map.of());

	/** coding (lower case) -> quality in thousandths */
	private final Map<String, Integer> qualities;

	private AcceptEncoding(Map<String, Integer> qualities) {
		this.qualities = qualities;
	}

	/** Parses the field's value (null or empty: only identity is acceptable). */
	public static AcceptEncoding parse(String header) {
		if (header == null || header.isBlank()) {
			return NONE;
		}
		Map<String, Integer> qualities = new LinkedHashMap<>();
		for (String member : header.split(",", -1)) {
			if (member.isBlank()) {
				continue; // empty list elements are allowed (RFC 9110 §5.6.1)
			}
			String[] parts = member.split(";", -1);
			String coding = parts[0].trim().toLowerCase(Locale.ROOT);
			if (!isToken(coding)) {
				return NONE;
			}
			int quality = 1000;
			for (int i = 1; i < parts.length; i++) {
				String parameter = parts[i].trim();
				if (parameter.length() < 2 || Character.toLowerCase(parameter.charAt(0)) != 'q'
						|| parameter.charAt(1) != '=') {
					return NONE;
				}
				quality = qvalue(parameter.substring(2));
				if (quality < 0) {
					return NONE;
				}
			}
			qualities.merge(coding, quality, Math::max);
		}
		return new AcceptEncoding(qualities);
	}

	/** A qvalue in thousandths ("0.5" -> 500), or -1 when it is not one. */
	private static int qvalue(String text) {
		if (text.isEmpty() || text.length() > 5) {
			return -1;
		}
		char first = text.charAt(0);
		if (first != '0' && first != '1' || text.length() > 1 && text.charAt(1) != '.') {
			return -1;
		}
		int value = (first - '0') * 1000;
		int scale = 100;
		for (int i = 2; i < text.length(); i++, scale /= 10) {
			char digit = text.charAt(i);
			if (digit < '0' || digit > '9') {
				return -1;
			}
			value += (digit - '0') * scale;
		}
		return value > 1000 ? -1 : value;
	}

	private static boolean isToken(String text) {
		if (text.isEmpty()) {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			boolean tchar = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
			if (!tchar) {
				return false;
			}
		}
		return true;
	}

	/** The quality (0-1000) the client gives this coding. */
	public int quality(String coding) {
		Integer explicit = qualities.get(coding);
		if (explicit != null) {
			return explicit;
		}
		Integer any = qualities.get("*");
		if (any != null) {
			return any;
		}
		return coding.equals("identity") ? 1000 : 0; // identity is fine unless excluded
	}

	/**
	 * Whether the coding is acceptable and not less wanted than the plain representation.
	 */
	public boolean prefers(String coding) {
		int quality = quality(coding);
		return quality > 0 && quality >= quality("identity");
	}

}
