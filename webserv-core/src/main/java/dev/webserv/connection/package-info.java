/**
 * Internal (public only for the core's own wiring; not API): one client socket and its
 * states, from the first byte of a request to the last byte of its response, each state
 * with a deadline. {@link dev.webserv.connection.Connection} drives the parser, the
 * router, the handler dispatch and the writer, and reports to {@code events}; its
 * exchanges ({@code BufferedExchange} for a {@link dev.webserv.Handler},
 * {@code StreamingExchange} implementing {@link dev.webserv.HttpExchange}) own one
 * request each.
 *
 * <p>
 * May use: the JDK and every core package but the composition root
 * ({@code dev.webserv.Webserv}); nothing but the root depends on it.
 */
package dev.webserv.connection;
