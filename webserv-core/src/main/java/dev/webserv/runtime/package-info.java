/**
 * Internal (public only for the core's own wiring; not API): what one running server
 * owns, {@link dev.webserv.runtime.ServerRuntime}: its worker and internal I/O executors,
 * CGI processes, counters, temporary files and per-server caches, built by
 * {@link dev.webserv.Webserv} and shut down by its {@code stop()}, so that two servers in
 * one JVM share nothing.
 *
 * <p>
 * May use: the JDK, the API types, {@code config}, {@code events}, {@code access} (the
 * server's guards), {@code accesslog} (the server's access-log writer), {@code cgi} and
 * {@code writer}.
 */
package dev.webserv.runtime;
