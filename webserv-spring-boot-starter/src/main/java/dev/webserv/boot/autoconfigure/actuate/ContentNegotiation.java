package dev.webserv.boot.autoconfigure.actuate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * Chooses, among the operations mapped to one method and path, the one to run and the
 * type it answers with, from the Accept header, as Spring MVC's produces condition does:
 * no Accept takes the first operation and its first type; otherwise the acceptable types
 * are tried by falling quality, and the first produced type compatible with one wins (an
 * operation that declares no type takes anything). Nothing compatible, or an Accept that
 * does not parse, is a 406.
 *
 * @param <T> the operation
 */
final class ContentNegotiation<T> {

	private final List<Candidate<T>> candidates = new ArrayList<>();

	void add(T operation, Collection<String> produced) {
		candidates.add(new Candidate<>(operation, produced.stream().map(MediaType::parseMediaType).toList()));
	}

	/**
	 * @return the operation with the type to answer with (null when it declares none)
	 * @throws NotAcceptableException when no operation produces an acceptable type
	 */
	Choice<T> select(List<String> accept) {
		if (accept.isEmpty()) {
			Candidate<T> first = candidates.get(0);
			return new Choice<>(first.operation, first.produced.isEmpty() ? null : first.produced.get(0));
		}
		List<MediaType> acceptable;
		try {
			acceptable = new ArrayList<>(MediaType.parseMediaTypes(accept));
		}
		catch (InvalidMediaTypeException e) {
			throw new NotAcceptableException();
		}
		acceptable.removeIf(type -> type.getQualityValue() <= 0);
		acceptable.sort(Comparator.comparingDouble(MediaType::getQualityValue).reversed());
		for (MediaType wanted : acceptable) {
			for (Candidate<T> candidate : candidates) {
				if (candidate.produced.isEmpty()) {
					return new Choice<>(candidate.operation, null);
				}
				for (MediaType offered : candidate.produced) {
					if (wanted.isCompatibleWith(offered)) {
						return new Choice<>(candidate.operation, offered);
					}
				}
			}
		}
		throw new NotAcceptableException();
	}

	/** Every type the operations produce, for messages. */
	List<String> produced() {
		return candidates.stream().flatMap(candidate -> candidate.produced.stream()).map(MediaType::toString).toList();
	}

	/**
	 * Whether a request body of this Content-Type can be read by an operation consuming
	 * these types.
	 */
	static boolean consumable(String contentType, Collection<String> consumes) {
		if (contentType == null || consumes.isEmpty()) {
			return true;
		}
		try {
			MediaType type = MediaType.parseMediaType(contentType);
			return consumes.stream().map(MediaType::parseMediaType).anyMatch(type::isCompatibleWith);
		}
		catch (InvalidMediaTypeException e) {
			return false;
		}
	}

	/**
	 * @param type the type to answer with, null when the operation declares none
	 */
	record Choice<T>(T operation, MediaType type) {
	}

	private record Candidate<T>(T operation, List<MediaType> produced) {
	}

	/** No produced type matches the Accept header. */
	static final class NotAcceptableException extends RuntimeException {

		NotAcceptableException() {
			super(null, null, false, false);
		}

	}

}
