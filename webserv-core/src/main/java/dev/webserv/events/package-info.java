/**
 * Public API: the server-events SPI. {@link dev.webserv.events.ServerEvents} tells a
 * listener (the starter's Micrometer binding, an access log) about connections, requests,
 * parse errors and timeouts, from event-loop and worker threads.
 *
 * <p>
 * May use: the JDK and the root package's API types.
 */
package dev.webserv.events;
