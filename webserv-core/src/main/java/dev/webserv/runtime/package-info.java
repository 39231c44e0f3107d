/**
 * Internal: what one running server owns ({@link dev.webserv.runtime.ServerRuntime}): its
 * executors, CGI processes, counters and caches, built by {@link dev.webserv.Webserv} and
 * shut down by its {@code stop()}. Public only for the core's other packages; not an API
 * for applications or the starter. May use the JDK, {@code config}, {@code events},
 * {@code cgi} and {@code writer}.
 */
package dev.webserv.runtime;
