package dev.webserv.boot.autoconfigure.actuate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * Chooses what an operation answers with, from the types it produces and the request's Accept header, as
 * Spring MVC's produces condition does: no Accept takes the first produced type; otherwise the acceptable
 * types are tried by falling quality, and the first produced type compatible with one wins. Nothing
 * compatible (or an Accept that does not parse) is a 406.
 */
final class ContentNegotiation {

	private final List<MediaType> produced;

	ContentNegotiation(Collection<String> produced) {
		this.produced = produced.stream().map(MediaType::parseMediaType).toList();
	}

	/**
	 * The produced type to answer with; {@code null} when the operation declares none (anything goes).
	 * @throws NotAcceptableException when no produced type is acceptable
	 */
	MediaType select(List<String> accept) {
		if (produced.isEmpty()) {
			return null;
		}
		if (accept.isEmpty()) {
			return produced.get(0);
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
			for (MediaType offered : produced) {
				if (wanted.isCompatibleWith(offered)) {
					return offered;
				}
			}
		}
		throw new NotAcceptableException();
	}

	/** Whether a request body of this Content-Type can be read by an operation consuming these types. */
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

	/** No produced type matches the Accept header. */
	static final class NotAcceptableException extends RuntimeException {

		NotAcceptableException() {
			super(null, null, false, false);
		}
	}
}
