/**
 * Internal (public only for the core's own wiring; not API): the access log (nginx's
 * {@code access_log}). {@link dev.webserv.accesslog.AccessLogs} listens to
 * {@link dev.webserv.events.ServerEvents#access}, formats one line per request with a
 * {@link dev.webserv.accesslog.LogFormat} compiled once, and hands it to one writer
 * thread per server through a bounded queue (full: the line is dropped and counted). The
 * directive is described in {@code docs/directives.md}.
 *
 * <p>
 * May use: the JDK, the API types, {@code config} and {@code events}.
 */
package dev.webserv.accesslog;
