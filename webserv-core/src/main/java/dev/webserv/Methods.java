package dev.webserv;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The request methods webserv serves, written once. The parser answers any other token
 * 501 (CONNECT included: webserv is no proxy), configuration refuses other names, and the
 * starter checks its properties and annotations against {@link #SERVED}.
 */
public final class Methods {

	public static final String GET = "GET";

	public static final String HEAD = "HEAD";

	public static final String POST = "POST";

	public static final String PUT = "PUT";

	public static final String DELETE = "DELETE";

	public static final String OPTIONS = "OPTIONS";

	public static final String PATCH = "PATCH";

	public static final String TRACE = "TRACE";

	/** Every method served (RFC 9110 §9 without CONNECT, plus PATCH, RFC 5789). */
	public static final List<String> SERVED = List.of(GET, HEAD, POST, PUT, DELETE, OPTIONS, PATCH, TRACE);

	private Methods() {
	}

	/** The served method with this exact name (the shared constant), or null. */
	public static String served(String name) {
		for (String method : SERVED) {
			if (method.equals(name)) {
				return method;
			}
		}
		return null;
	}

	/**
	 * Method names as configured: trimmed, upper-cased and checked.
	 * @param setting the setting the names come from, for the message
	 * @throws IllegalArgumentException naming the setting and the first name not served
	 */
	public static Set<String> checked(String setting, Collection<String> names) {
		Set<String> methods = new LinkedHashSet<>();
		for (String name : names) {
			String method = served(name == null ? null : name.trim().toUpperCase(Locale.ROOT));
			if (method == null) {
				throw new IllegalArgumentException(
						setting + ": unknown HTTP method '" + name + "' (served: " + String.join(", ", SERVED) + ")");
			}
			methods.add(method);
		}
		return methods;
	}

	/** The 405 answer to a method outside {@code allowed}, with Allow in their order. */
	public static Response notAllowed(Collection<String> allowed) {
		return Response.error(Status.METHOD_NOT_ALLOWED).header("Allow", String.join(", ", allowed));
	}

	/** The 204 answer to OPTIONS, with Allow listing {@code allowed} in their order. */
	public static Response options(Collection<String> allowed) {
		return Response.status(Status.NO_CONTENT).header("Allow", String.join(", ", allowed));
	}

}
