package dev.webserv.connection;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.function.UnaryOperator;

import dev.webserv.Request;
import dev.webserv.TlsInfo;
import dev.webserv.parser.RequestHead;
import dev.webserv.runtime.ServerRuntime;

/**
 * A connection's place for exchanges, one at a time: it counts the requests, decides
 * whether the connection may stay open after each, holds the current exchange and is what
 * that exchange sees of its connection ({@link Exchange.Owner}: each call moves the
 * connection's states). Loop thread only.
 */
final class Seat implements Exchange.Owner {

	private final Connection connection;

	private final LoopWork work;

	private final Deadlines deadlines;

	private final ServerRuntime server;

	private Site site;

	private Exchange exchange;

	private int requests;

	private boolean keepAlive;

	/** Admission's count of first heads per address; running it again does nothing. */
	private Runnable firstHeadOver = () -> {
	};

	Seat(Connection connection, LoopWork work, Deadlines deadlines, ServerRuntime server) {
		this.connection = connection;
		this.work = work;
		this.deadlines = deadlines;
		this.server = server;
	}

	void firstHeadOver(Runnable firstHeadOver) {
		this.firstHeadOver = firstHeadOver;
	}

	/** Where exchanges run; set once the socket is registered. */
	void site(Site site) {
		this.site = site;
	}

	Site site() {
		return site;
	}

	/** A PROXY protocol header named the client's and the server's addresses. */
	void readdress(UnaryOperator<InetSocketAddress> client, UnaryOperator<InetSocketAddress> local) {
		site = site.withAddresses(client.apply(site.remote()), local.apply(site.local()));
	}

	/** Requests whose heads parsed so far. */
	int requests() {
		return requests;
	}

	/** Starts the exchange of a complete head. */
	void start(RequestHead parsed) {
		requests++;
		firstHeadOver.run();
		int maxRequests = server.config().limits().maxRequestsPerConnection();
		keepAlive = parsed.keepAlive() && !server.draining() && (maxRequests == 0 || requests < maxRequests);
		exchange = Exchange.create(site, this, parsed, deadlines.stateSince(), requests);
		exchange.begin();
	}

	/** Whether an exchange is under way (not answered yet). */
	boolean occupied() {
		return exchange != null;
	}

	boolean wantsBody() {
		return exchange != null && exchange.wantsBody();
	}

	void consume(ByteBuffer in) {
		exchange.consume(in);
	}

	long bodyReceived() {
		return exchange == null ? 0 : exchange.bodyReceived();
	}

	/** A deadline of the current exchange's own that passed, or null. */
	Deadlines.Expired expired(long now) {
		return exchange == null ? null : exchange.expired(now);
	}

	/** Fails the current exchange with {@code status}; false when there is none. */
	boolean failCurrent(int status) {
		if (exchange == null) {
			return false;
		}
		Exchange failed = exchange;
		exchange = null;
		failed.failed(status);
		return true;
	}

	/** The connection closed: the current exchange, if any, is abandoned. */
	void vacate() {
		firstHeadOver.run();
		if (exchange != null) {
			Exchange abandoned = exchange;
			exchange = null;
			abandoned.abandoned();
		}
	}

	/** The server stops: no request after the current one. */
	void lastRequest() {
		keepAlive = false;
	}

	// what the current exchange asks of its connection

	@Override
	public boolean keepAlive() {
		return keepAlive;
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
	public void responded(boolean keepAlive) {
		this.keepAlive = keepAlive;
		exchange = null;
		connection.responded(keepAlive);
	}

	@Override
	public void fail(int status) {
		connection.fail(status);
	}

	@Override
	public void abort(Throwable cause) {
		connection.close(cause);
	}

	@Override
	public void resume() {
		work.resume();
	}

	@Override
	public void run(Runnable task) {
		work.run(task);
	}

	@Override
	public Throwable closeCause() {
		return connection.closeCause();
	}

	@Override
	public Request.Origin origin() {
		TlsInfo tls = site.tls().get();
		if (site.origin().tls() != tls) {
			// the TLS handshake ended after the site was made
			site = site.withOrigin(new Request.Origin(site.remote(), site.local(), tls));
		}
		return site.origin();
	}

}
