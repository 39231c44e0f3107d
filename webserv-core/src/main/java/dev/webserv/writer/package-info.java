/**
 * Internal (public only for the core's own wiring; not API): the response on its way out.
 * {@link dev.webserv.writer.HeadEncoder} encodes a status line and headers,
 * {@link dev.webserv.writer.DateCache} formats HTTP dates (the Date header once a
 * second), {@link dev.webserv.writer.Output} queues heads and bodies and writes them with
 * backpressure, through the loop's {@link dev.webserv.writer.WriteBuffer}.
 *
 * <p>
 * May use: the JDK and the API types only.
 */
package dev.webserv.writer;
