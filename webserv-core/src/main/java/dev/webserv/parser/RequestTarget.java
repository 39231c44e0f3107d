package dev.webserv.parser;

/**
 * A request-target taken apart (RFC 9112 §3.2): the decoded path, the raw query and, for
 * absolute-form, the host of its authority.
 *
 * <p>
 * Accepted forms: origin-form ("/p?q"); absolute-form with scheme http or https, any case
 * ("http://host:port/p?q"; an empty path becomes "/"; userinfo is refused, RFC 9110
 * §4.2.4); asterisk-form ("*") with OPTIONS only. Authority-form belongs to CONNECT,
 * which is refused before the target is read. A fragment ('#') never belongs in a request
 * and is refused.
 *
 * @param path the decoded, normalized path, or "*" for the asterisk-form
 * @param rawQuery the query after the first '?', still encoded, or null when there is no
 * '?'
 * @param authorityHost the lower-cased host of an absolute-form target, without port;
 * null otherwise
 */
record RequestTarget(String path, String rawQuery, String authorityHost) {

	private static final RequestTarget ASTERISK = new RequestTarget("*", null, null);

	/** Parses a target already known to hold only visible US-ASCII. */
	static RequestTarget parse(String method, String target) {
		if (target.indexOf('#') >= 0) {
			throw new BadRequestException(Rejection.BAD_TARGET, "fragment in request-target");
		}
		if (target.charAt(0) == '/') {
			return withPath(target, 0, null);
		}
		if (target.equals("*")) {
			if (!method.equals("OPTIONS")) {
				throw new BadRequestException(Rejection.BAD_TARGET, "asterisk-form is for OPTIONS only");
			}
			return ASTERISK;
		}
		return absoluteForm(target);
	}

	private static RequestTarget absoluteForm(String target) {
		int authorityStart = schemeLength(target);
		if (authorityStart < 0) {
			throw new BadRequestException(Rejection.BAD_TARGET, "not origin-form, absolute-form or '*'");
		}
		int authorityEnd = authorityStart;
		while (authorityEnd < target.length() && target.charAt(authorityEnd) != '/'
				&& target.charAt(authorityEnd) != '?') {
			authorityEnd++;
		}
		String authority = target.substring(authorityStart, authorityEnd);
		if (authority.indexOf('@') >= 0) {
			throw new BadRequestException(Rejection.BAD_TARGET, "userinfo in request-target");
		}
		String host = HostSyntax.hostOf(authority, Rejection.BAD_TARGET);
		return withPath(target, authorityEnd, host);
	}

	/** The length of "http://" or "https://" (any case) at the start, or -1. */
	private static int schemeLength(String target) {
		if (target.regionMatches(true, 0, "http://", 0, 7)) {
			return 7;
		}
		if (target.regionMatches(true, 0, "https://", 0, 8)) {
			return 8;
		}
		return -1;
	}

	private static RequestTarget withPath(String target, int pathStart, String authorityHost) {
		int question = target.indexOf('?', pathStart);
		int pathEnd = question < 0 ? target.length() : question;
		String rawPath = pathStart == pathEnd ? "/" : target.substring(pathStart, pathEnd);
		String rawQuery = question < 0 ? null : target.substring(question + 1);
		return new RequestTarget(PathDecoder.decodePath(rawPath), rawQuery, authorityHost);
	}
}
