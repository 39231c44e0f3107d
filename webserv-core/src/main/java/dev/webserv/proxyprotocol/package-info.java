/**
 * Internal (public only for the core's own wiring; not API): HAProxy's PROXY protocol
 * (versions 1 and 2), read at the start of a connection on a listener configured for it:
 * bytes in, the original client's addresses out, no sockets.
 * {@link dev.webserv.proxyprotocol.ProxyHeaderDecoder} decodes the header incrementally
 * and strictly; every refusal is a {@link dev.webserv.proxyprotocol.ProxyHeaderException}
 * naming its reason, after which the connection is closed without an answer.
 * {@link dev.webserv.proxyprotocol.ProxyPreface} adds the deadline a connection needs.
 *
 * <p>
 * May use: the JDK only.
 */
package dev.webserv.proxyprotocol;
