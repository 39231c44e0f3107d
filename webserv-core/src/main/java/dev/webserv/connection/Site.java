package dev.webserv.connection;

import java.net.InetSocketAddress;
import java.util.function.Supplier;

import dev.webserv.Request;
import dev.webserv.TlsInfo;
import dev.webserv.config.VirtualServer;
import dev.webserv.eventloop.EventLoop;
import dev.webserv.events.AccessRecord;
import dev.webserv.events.ServerEvents;
import dev.webserv.listener.Listener;
import dev.webserv.router.VirtualHosts;
import dev.webserv.runtime.ServerRuntime;

/**
 * Where an exchange runs: fixed for the life of its connection.
 *
 * @param hosts the virtual servers of the address the client connected to
 * @param origin the client's address, the address it connected to and, once known, the
 * TLS handshake's outcome, as the connection's requests carry them
 * @param serial the connection's serial number within the server (nginx's
 * {@code $connection})
 * @param tls what the connection's TLS handshake agreed (null over plain TCP)
 */
record Site(ServerRuntime server, ServerEvents events, EventLoop loop, Listener listener, VirtualHosts hosts,
		ResponseQueue responses, Request.Origin origin, long serial, Supplier<TlsInfo> tls) {

	/** The client's address. */
	InetSocketAddress remote() {
		return origin.remoteAddress();
	}

	/** The address the client connected to. */
	InetSocketAddress local() {
		return origin.localAddress();
	}

	/** The same site, seen at the addresses a PROXY protocol header named. */
	Site withAddresses(InetSocketAddress remote, InetSocketAddress local) {
		return withOrigin(new Request.Origin(remote, local, origin.tls()));
	}

	/** The same site, its requests coming from {@code origin}. */
	Site withOrigin(Request.Origin origin) {
		return new Site(server, events, loop, listener, hosts, responses, origin, serial, tls);
	}

	/**
	 * Tells the access log about one request that is over.
	 * @param number which request of the connection it was, from 1
	 * @param request the request, or null when its head never parsed
	 * @param startedAt when its first byte arrived (nanoTime)
	 */
	void logAccess(int number, VirtualServer server, Request request, int status, long bytesSent, long bodyBytesSent,
			long startedAt) {
		long endedAt = loop.freshNow(); // first: the wall time below is taken at it
		events.access(new AccessRecord(listener.name(), serial, number, remote(), local(), server.name(), request,
				status, bytesSent, bodyBytesSent, loop.epochMillis(), endedAt - startedAt, tls.get()));
	}

}
