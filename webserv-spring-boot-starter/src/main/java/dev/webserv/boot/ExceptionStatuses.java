package dev.webserv.boot;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * Which status a handler bean's exception is answered with, as Spring MVC decides it: a
 * type registered here (the closest superclass wins), else Spring's
 * {@link ResponseStatus} on the exception's class, else a
 * {@link ResponseStatusException}'s status. Anything else stays a 500 (logged, counted,
 * its message never sent).
 *
 * <p>
 * Declare beans of this type to register mappings; the auto-configuration merges them:
 * <pre>{@code
 * &#64;Bean
 * ExceptionStatuses notFound() {
 *     return ExceptionStatuses.of(Map.of(NoSuchElementException.class, 404));
 * }
 * }</pre>
 */
public final class ExceptionStatuses {

	/** A status and the sentence sent as the problem's detail (null for the default). */
	public record Mapped(int status, String detail) {
	}

	private final Map<Class<? extends Throwable>, Integer> statuses;

	private ExceptionStatuses(Map<Class<? extends Throwable>, Integer> statuses) {
		statuses.forEach((type, status) -> {
			if (status < 400 || status > 599) {
				throw new IllegalArgumentException(
						type.getName() + ": an exception maps to a status 400-599, not " + status);
			}
		});
		this.statuses = Map.copyOf(statuses);
	}

	public static ExceptionStatuses of(Map<Class<? extends Throwable>, Integer> statuses) {
		return new ExceptionStatuses(statuses);
	}

	/** All mappings of these beans together; a later bean wins for a type in both. */
	public static ExceptionStatuses merge(List<ExceptionStatuses> all) {
		Map<Class<? extends Throwable>, Integer> merged = new LinkedHashMap<>();
		all.forEach(statuses -> merged.putAll(statuses.statuses));
		return new ExceptionStatuses(merged);
	}

	/** The status for this exception, or null when it is a plain 500. */
	public Mapped statusOf(Throwable exception) {
		for (Class<?> type = exception.getClass(); type != null; type = type.getSuperclass()) {
			Integer status = statuses.get(type);
			if (status != null) {
				return new Mapped(status, null);
			}
		}
		ResponseStatus annotation = AnnotatedElementUtils.findMergedAnnotation(exception.getClass(),
				ResponseStatus.class);
		if (annotation != null && annotation.code() != HttpStatus.INTERNAL_SERVER_ERROR) {
			return new Mapped(annotation.code().value(), annotation.reason().isEmpty() ? null : annotation.reason());
		}
		if (exception instanceof ResponseStatusException status) {
			return new Mapped(status.getStatusCode().value(), status.getReason());
		}
		return null;
	}

}
