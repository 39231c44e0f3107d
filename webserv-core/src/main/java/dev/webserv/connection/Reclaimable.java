package dev.webserv.connection;

import dev.webserv.events.ReclaimReason;
import dev.webserv.events.ServerEvents;
import dev.webserv.writer.Output;

/**
 * One connection as {@link Reclaim} sees it at max-connections: whether closing it would
 * take nothing from its client but a wait, and the figures that rank it. Loop thread
 * only.
 */
final class Reclaimable {

	private final Connection connection;

	private final Seat seat;

	private final Intake intake;

	private final Output output;

	private final Deadlines deadlines;

	private final Transport transport;

	private final ServerEvents events;

	private final String listener;

	private final long openedAt;

	Reclaimable(Connection connection, Seat seat, Intake intake, Output output, Deadlines deadlines,
			Transport transport, ServerEvents events, String listener, long openedAt) {
		this.connection = connection;
		this.seat = seat;
		this.intake = intake;
		this.output = output;
		this.deadlines = deadlines;
		this.transport = transport;
		this.events = events;
		this.listener = listener;
		this.openedAt = openedAt;
	}

	/**
	 * What closing the connection now would take from its client: an idle keep-alive
	 * connection, a first head not complete yet, or null when it is in the middle of a
	 * request (body, handler, response) or closing.
	 */
	ReclaimReason reason() {
		if (seat.occupied() || !output.isEmpty() || intake.holding()) {
			return null;
		}
		State state = connection.state();
		if (seat.requests() == 0 && (state == State.IDLE || state == State.HEAD)) {
			return ReclaimReason.SLOW_HEAD;
		}
		return connection.idleForDrain() ? ReclaimReason.IDLE : null;
	}

	/**
	 * Closes the connection to make room, if it is still reclaimable for the reason once
	 * what its client sent meanwhile was read (a request that came is served, not cut).
	 * @return whether its slot is free (also when the client had left)
	 */
	boolean reclaim(ReclaimReason reason) {
		if (reason() != reason) {
			return false;
		}
		int served = seat.requests();
		connection.readNow();
		if (connection.state() != State.CLOSED && seat.requests() == served && reason() == reason) {
			events.connectionReclaimed(listener, reason);
			connection.close();
		}
		return connection.state() == State.CLOSED;
	}

	long openedAt() {
		return openedAt;
	}

	/** Since when it has been in its state: for an idle one, since its last response. */
	long stateSince() {
		return deadlines.stateSince();
	}

	long bytesReceived() {
		return transport.bytesReceived();
	}

}
