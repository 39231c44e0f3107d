package dev.webserv.events;

/** Which timeout fired. */
public enum TimeoutPhase {

	/** The request head did not arrive in time (slowloris); 408. */
	HEADER,
	/** A keep-alive connection sat idle; closed quietly. */
	IDLE,
	/** The request body stalled or came too slowly; 408. */
	BODY,
	/** The client stopped reading the response; closed. */
	WRITE,
	/** A handler ran too long; 503. */
	HANDLER,
	/**
	 * A TLS handshake (or a refused plain HTTP request on a TLS port) did not finish in
	 * time; closed.
	 */
	HANDSHAKE

}
