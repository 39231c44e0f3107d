package dev.webserv.config;

/**
 * nginx's {@code add_header name value [always]}: a header added to responses of status
 * 200, 201, 204, 206, 301, 302, 303, 304, 307 or 308, or to every response when
 * {@code always}.
 */
public record AddHeader(String name, String value, boolean always) {

	public AddHeader {
		if (name == null || name.isEmpty() || !name.chars().allMatch(AddHeader::isTokenChar)) {
			throw new IllegalArgumentException("add-headers: '" + name + "' is not a header name");
		}
		if (value == null || !value.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c != 0x7f))) {
			throw new IllegalArgumentException("add-headers: the value of " + name + " has a control character");
		}
	}

	private static boolean isTokenChar(int c) {
		return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
	}

}
