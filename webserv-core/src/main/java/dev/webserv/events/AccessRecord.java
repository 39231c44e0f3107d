package dev.webserv.events;

import java.net.InetSocketAddress;

import dev.webserv.Request;
import dev.webserv.TlsInfo;

/**
 * What an access log needs of one finished request, including one that never reached a
 * handler (400, 408, 413, 414, 431) or whose client left first (499).
 *
 * @param listener the listener that received it ("127.0.0.1:8080")
 * @param connection the connection's serial number within the server (nginx's
 * {@code $connection})
 * @param connectionRequests how many requests this connection has carried, this one
 * included
 * @param remoteAddress the client's address
 * @param localAddress the address the request came in on
 * @param server the name of the virtual server that answered (when the head never parsed:
 * the one the SNI name chose, else the address's default server)
 * @param request the request (its head; the body is gone), or null when the head never
 * parsed
 * @param status the status the client got (499 when it left first)
 * @param bytesSent bytes of head and body handed to the socket
 * @param bodyBytesSent bytes of the body handed to the socket
 * @param timeMillis wall-clock time at which the exchange ended
 * @param durationNanos from the first byte of the request to the last byte of the
 * response
 * @param tls what the connection's TLS handshake agreed, or null over plain TCP (what
 * {@code $scheme} says of a head that never parsed)
 */
public record AccessRecord(String listener, long connection, int connectionRequests, InetSocketAddress remoteAddress,
		InetSocketAddress localAddress, String server, Request request, int status, long bytesSent, long bodyBytesSent,
		long timeMillis, long durationNanos, TlsInfo tls) {
}
