package dev.webserv.parser;

/**
 * Thrown by the codec when input breaks a rule; carries the {@link Rejection}. Cheap: no
 * stack trace.
 */
public final class BadRequestException extends RuntimeException {

	private final Rejection rejection;

	public BadRequestException(Rejection rejection, String detail) {
		super(detail, null, false, false);
		this.rejection = rejection;
	}

	public BadRequestException(Rejection rejection) {
		this(rejection, rejection.rule());
	}

	public Rejection rejection() {
		return rejection;
	}

}
