package dev.webserv.connection;

/** The states of a {@link Connection}; its javadoc draws how they follow each other. */
enum State {

	IDLE, HEAD, BODY, SPOOLING, HANDLING, STREAMING, SENDING, CLOSING, LINGERING, CLOSED

}
