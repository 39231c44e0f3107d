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
 * @param remote the client's address
 * @param local the address the client connected to
 * @param serial the connection's serial number within the server (nginx's
 * {@code $connection})
 * @param tls what the connection's TLS handshake agreed (null over plain TCP)
 */
record Site(ServerRuntime server, ServerEvents events, EventLoop loop, Listener listener, VirtualHosts hosts,
		ResponseQueue responses, InetSocketAddress remote, InetSocketAddress local, long serial,
		Supplier<TlsInfo> tls) {

	/** The same site, seen at the addresses a PROXY protocol header named. */
	Site withAddresses(InetSocketAddress remote, InetSocketAddress local) {
		return new Site(server, events, loop, listener, hosts, responses, remote, local, serial, tls);
	}

	/**
	 * Tells the access log about one request that is over.
	 * @param number which request of the connection it was, from 1
	 * @param request the request, or null when its head never parsed
	 * @param startedAt when its first byte arrived (nanoTime)
	 */
	void logAccess(int number, VirtualServer server, Request request, int status, long bytesSent, long bodyBytesSent,
			long startedAt) {
		events.access(new AccessRecord(listener.name(), serial, number, remote, local, server.name(), request, status,
				bytesSent, bodyBytesSent, System.currentTimeMillis(), System.nanoTime() - startedAt, tls.get()));
	}

}
