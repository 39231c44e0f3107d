package dev.webserv.connection;

/**
 * What the current exchange sees of its connection: how it moves the connection's states.
 * Each call goes to the connection's own method of the same meaning.
 */
final class Seat implements Exchange.Owner {

	private final Connection connection;

	private final Deadlines deadlines;

	Seat(Connection connection, Deadlines deadlines) {
		this.connection = connection;
		this.deadlines = deadlines;
	}

	@Override
	public boolean keepAlive() {
		return connection.keepAlive();
	}

	@Override
	public void receivingBody() {
		connection.enter(State.BODY);
	}

	@Override
	public void spooling() {
		connection.enter(State.SPOOLING);
	}

	@Override
	public void handling(long timeoutNanos) {
		deadlines.handler(timeoutNanos);
		connection.enter(State.HANDLING);
	}

	@Override
	public void streaming() {
		connection.enter(State.STREAMING);
	}

	@Override
	public void abort(Throwable cause) {
		connection.close(cause);
	}

	@Override
	public void responded(boolean keepAlive) {
		connection.responded(keepAlive);
	}

	@Override
	public void fail(int status) {
		connection.fail(status);
	}

	@Override
	public void resume() {
		connection.resume();
	}

	@Override
	public void run(Runnable task) {
		connection.guard(task);
	}

	@Override
	public Throwable closeCause() {
		return connection.closeCause();
	}

}
