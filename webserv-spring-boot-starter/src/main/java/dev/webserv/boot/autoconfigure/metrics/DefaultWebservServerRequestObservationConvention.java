package dev.webserv.boot.autoconfigure.metrics;

import java.util.Set;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

import dev.webserv.Methods;
import dev.webserv.events.RequestLog;

/**
 * The low-cardinality keys of Spring's own {@code http.server.requests} conventions
 * (WebFlux and MVC), with their values, so the stock Spring Boot dashboards show webserv
 * traffic:
 * <ul>
 * <li>{@code exception}: the handler exception's simple class name, or {@code none};</li>
 * <li>{@code method}: the request method, or {@code UNKNOWN} for a method outside RFC
 * 9110 and PATCH;</li>
 * <li>{@code outcome}: {@code SUCCESS} for 2xx, else {@code INFORMATIONAL},
 * {@code REDIRECTION}, {@code CLIENT_ERROR} or {@code SERVER_ERROR}, or {@code UNKNOWN}
 * when the client went away;</li>
 * <li>{@code status}: the status code, or {@code UNKNOWN} when the client went away;</li>
 * <li>{@code uri}: the route template ({@code /api/users/{id}}) or location pattern
 * ({@code /static/**}), or a fixed value ({@code NOT_FOUND}, {@code REDIRECTION},
 * {@code UNKNOWN}); never the raw path.</li>
 * </ul>
 */
public class DefaultWebservServerRequestObservationConvention implements WebservServerRequestObservationConvention {

	/**
	 * The name Spring uses; {@code management.observations.http.server.requests.name}
	 * changes it.
	 */
	public static final String DEFAULT_NAME = "http.server.requests";

	private static final Set<String> KNOWN_METHODS = Set.copyOf(Methods.SERVED);

	private static final KeyValue METHOD_UNKNOWN = KeyValue.of("method", "UNKNOWN");

	private static final KeyValue STATUS_UNKNOWN = KeyValue.of("status", "UNKNOWN");

	private static final KeyValue OUTCOME_UNKNOWN = KeyValue.of("outcome", "UNKNOWN");

	private static final KeyValue URI_UNKNOWN = KeyValue.of("uri", "UNKNOWN");

	private static final KeyValue URI_NOT_FOUND = KeyValue.of("uri", "NOT_FOUND");

	private static final KeyValue URI_REDIRECTION = KeyValue.of("uri", "REDIRECTION");

	private static final KeyValue EXCEPTION_NONE = KeyValue.of("exception", KeyValue.NONE_VALUE);

	private final String name;

	public DefaultWebservServerRequestObservationConvention() {
		this(DEFAULT_NAME);
	}

	public DefaultWebservServerRequestObservationConvention(String name) {
		this.name = name;
	}

	@Override
	public String getName() {
		return name;
	}

	@Override
	public String getContextualName(WebservServerRequestObservationContext context) {
		return "http " + context.getLog().method().toLowerCase(java.util.Locale.ROOT) + " " + context.getLog().route();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(WebservServerRequestObservationContext context) {
		return KeyValues.of(exception(context), method(context), outcome(context), status(context), uri(context));
	}

	protected KeyValue exception(WebservServerRequestObservationContext context) {
		Throwable error = context.getLog().error();
		if (error == null) {
			return EXCEPTION_NONE;
		}
		return KeyValue.of("exception", simpleName(error));
	}

	protected KeyValue method(WebservServerRequestObservationContext context) {
		String method = context.getLog().method();
		return method != null && KNOWN_METHODS.contains(method) ? KeyValue.of("method", method) : METHOD_UNKNOWN;
	}

	protected KeyValue outcome(WebservServerRequestObservationContext context) {
		if (context.isConnectionAborted()) {
			return OUTCOME_UNKNOWN;
		}
		int status = context.getLog().status();
		return KeyValue.of("outcome", switch (status / 100) {
			case 1 -> "INFORMATIONAL";
			case 2 -> "SUCCESS";
			case 3 -> "REDIRECTION";
			case 4 -> "CLIENT_ERROR";
			case 5 -> "SERVER_ERROR";
			default -> "UNKNOWN";
		});
	}

	protected KeyValue status(WebservServerRequestObservationContext context) {
		RequestLog log = context.getLog();
		if (context.isConnectionAborted() || log.status() < 100 || log.status() > 599) {
			return STATUS_UNKNOWN;
		}
		return KeyValue.of("status", Integer.toString(log.status()));
	}

	protected KeyValue uri(WebservServerRequestObservationContext context) {
		String route = context.getLog().route();
		int status = context.getLog().status();
		if (route == null || route.isEmpty() || route.equals("UNKNOWN")) {
			if (status / 100 == 3) {
				return URI_REDIRECTION;
			}
			return status == 404 ? URI_NOT_FOUND : URI_UNKNOWN;
		}
		return KeyValue.of("uri", route);
	}

	static String simpleName(Throwable error) {
		String simpleName = error.getClass().getSimpleName();
		return simpleName.isEmpty() ? error.getClass().getName() : simpleName;
	}

}
