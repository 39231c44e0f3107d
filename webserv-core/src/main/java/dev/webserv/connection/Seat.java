package dev.webserv.connection;

/**
 * What the current exchange sees of its connection: how it moves the connection's states.
 * Each call goes to the connection's own method of the same meaning.
 */
final class Seat implements Exchange.Owner {

	private final Connection connection;

	Seat(Connection connection) {
		this.connection = connection;
	}

	@Override
	public boolean keepAlive() {
		return connection.keepAlive();
	}

	@Override
	public void receivingBody() {
		connection.enterBody();
	}

	@Override
	public void spooling() {
		connection.enter(State.SPOOLING);
	}

	@Override
	public void handling(long timeoutNanos) {
		connection.enterHandling(timeoutNanos);
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
