package dev.webserv.connection;

import dev.webserv.events.ServerEvents;
import dev.webserv.events.TimeoutPhase;
import dev.webserv.writer.Output;

/**
 * What the loop's periodic tick does to one connection: a write is tried when output has
 * waited on a full socket for a while (the client may have been reading all along), then
 * the deadlines are checked in order: the TLS handshake's, the PROXY header's, the
 * streaming exchange's own ({@link StreamClock}), then the current state's
 * ({@link Deadlines}). A deadline that passed is told to the events and answered: a
 * close, or its status and then a close. Loop thread only.
 */
final class DeadlineCheck {

	private final Connection connection;

	private final Transport transport;

	private final Intake intake;

	private final Seat seat;

	private final Deadlines deadlines;

	private final Output output;

	private final ServerEvents events;

	private final String listener;

	DeadlineCheck(Connection connection, Transport transport, Intake intake, Seat seat, Deadlines deadlines,
			Output output, ServerEvents events, String listener) {
		this.connection = connection;
		this.transport = transport;
		this.intake = intake;
		this.seat = seat;
		this.deadlines = deadlines;
		this.output = output;
		this.events = events;
		this.listener = listener;
	}

	void tick(long now) {
		if (deadlines.shouldProbe(now)) {
			connection.advance();
		}
		if (connection.state() != State.CLOSED) {
			check(now);
		}
	}

	private void check(long now) {
		State state = connection.state();
		if (transport.handshakeExpired(now)) {
			events.timeout(listener, TimeoutPhase.HANDSHAKE);
			connection.close();
			return;
		}
		if (state == State.IDLE && intake.prefaceExpired(now)) {
			events.timeout(listener, TimeoutPhase.HEADER);
			connection.close();
			return;
		}
		Deadlines.Expired expired = state == State.STREAMING ? seat.expired(now) : null;
		if (expired == null) {
			expired = deadlines.expired(state, now, seat.bodyReceived(), output.bytesWritten());
		}
		if (expired == null) {
			return;
		}
		if (expired.phase != null) {
			events.timeout(listener, expired.phase);
		}
		if (expired.status == 0) {
			connection.close(expired.cause());
			return;
		}
		connection.fail(expired.status);
		connection.advance();
	}

}
