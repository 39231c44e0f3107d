/**
 * Internal (public only for the core's own wiring; not API): what TLS needs besides the
 * connection's transport. {@link dev.webserv.tls.ClientHello} reads the SNI name before
 * an engine exists, {@link dev.webserv.tls.Engines} makes the engine of the chosen
 * server, {@link dev.webserv.tls.HandshakeTasks} runs delegated tasks on the loop within
 * a budget of its time, else off it with a bound, {@link dev.webserv.tls.TlsBuffers}
 * holds a loop's shared buffers, and {@link dev.webserv.tls.Misdirected} answers 421 and
 * adds HSTS.
 *
 * <p>
 * May use: the JDK, the API types, {@code config}, {@code events}, {@code eventloop},
 * {@code listener} and {@code router}.
 */
package dev.webserv.tls;
