/**
 * Internal (public only for the core's own wiring; not API): listening sockets.
 * {@link dev.webserv.listener.Listener} binds one address (SO_REUSEADDR, backlog,
 * non-blocking) and {@link dev.webserv.listener.Acceptor} accepts on it and hands each
 * socket to an event loop. A bind failure names the address.
 *
 * <p>
 * May use: the JDK, the API types, {@code config} and {@code eventloop}.
 */
package dev.webserv.listener;
