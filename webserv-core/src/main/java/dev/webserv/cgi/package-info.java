/**
 * Internal (public only for the core's own wiring; not API): CGI/1.1 (RFC 3875).
 * {@link dev.webserv.cgi.CgiHandler} finds the script by extension, runs it with its
 * interpreter and meta-variables, and turns its output into a response;
 * {@link dev.webserv.cgi.CgiProcesses} counts and caps a server's running scripts and
 * owns the threads that feed their stdin, log their stderr and kill them at their
 * deadline. No event loop ever waits on a process.
 *
 * <p>
 * May use: the JDK, the API types, {@code config} and {@code files} (to find scripts).
 */
package dev.webserv.cgi;
