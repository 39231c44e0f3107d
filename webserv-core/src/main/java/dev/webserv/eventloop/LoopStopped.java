package dev.webserv.eventloop;

import java.io.IOException;

/**
 * Why a loop closed a member that was still open: the server stopped (or the loop died)
 * before what the member was doing ended. Exchanges cut this way are the server's doing:
 * their events and access log lines say so instead of blaming a client that left (499).
 */
public final class LoopStopped extends IOException {

	private static final long serialVersionUID = 1L;

	LoopStopped(String message, Throwable cause) {
		super(message, cause);
	}

}
