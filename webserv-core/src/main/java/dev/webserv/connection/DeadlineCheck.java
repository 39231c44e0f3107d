package dev.webserv.connection;

import dev.webserv.eventloop.EventLoop;
import dev.webserv.events.ServerEvents;
import dev.webserv.events.TimeoutPhase;
import dev.webserv.writer.Output;

/**
 * What the loop's periodic tick does to one connection: a write is tried when output has
 * waited on a full socket for a while (the client may have been reading all along), then
 * the deadlines are checked in order: the TLS handshake's, the PROXY header's, the
 * streaming exchange's own ({@link StreamClock}), then the current state's
 * ({@link Deadlines}). A deadline that passed is told to the events and answered: a
 * close, or its status and then a close.
 * <p>
 * An idle keep-alive connection with nothing in flight (no handshake, no PROXY header, no
 * output, no input held) has one deadline, known in advance: it rests in the loop until
 * then ({@link EventLoop#rest}) instead of being checked at every tick, and is watched
 * again as soon as anything starts (its key is served, or {@link Deadlines} sees a state
 * or a send begin). Loop thread only.
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
		if (connection.state() != State.CLOSED && quiet()) {
			deadlines.resting(this);
			loop().rest(connection, deadlines.idleDue());
		}
	}

	/** A deadline nearer than the idle one began: the loop checks at every tick again. */
	void wake() {
		EventLoop loop = loop();
		if (loop != null) {
			loop.watch(connection);
		}
	}

	private boolean quiet() {
		return deadlines.onlyIdle(connection.state()) && output.isEmpty() && intake.idle() && !intake.prefacePending()
				&& !seat.occupied() && (transport.tls() != null || !(transport instanceof TlsTransport))
				&& loop() != null;
	}

	private EventLoop loop() {
		Site site = seat.site();
		return site == null ? null : site.loop();
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
