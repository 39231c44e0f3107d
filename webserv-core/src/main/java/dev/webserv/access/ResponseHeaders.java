package dev.webserv.access;

import java.util.List;

import dev.webserv.Response;
import dev.webserv.config.AddHeader;

/**
 * The headers a location adds to its responses: nginx's {@code add_header} and
 * {@code expires}. As in nginx, both apply only to 200, 201, 204, 206, 301, 302, 303,
 * 304, 307 and 308, except headers marked {@code always}.
 */
public final class ResponseHeaders {

	private final List<AddHeader> headers;

	private final Expires expires;

	public ResponseHeaders(List<AddHeader> headers, Expires expires) {
		this.headers = List.copyOf(headers);
		this.expires = expires;
	}

	public boolean isEmpty() {
		return headers.isEmpty() && expires == null;
	}

	public void apply(Response response) {
		boolean success = addsTo(response.status());
		if (success && expires != null) {
			expires.apply(response);
		}
		for (AddHeader header : headers) {
			if (success || header.always()) {
				response.header(header.name(), header.value());
			}
		}
	}

	/** The statuses nginx's headers filter adds to without {@code always}. */
	static boolean addsTo(int status) {
		return switch (status) {
			case 200, 201, 204, 206, 301, 302, 303, 304, 307, 308 -> true;
			default -> false;
		};
	}

}
