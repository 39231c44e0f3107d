/**
 * Internal (public only for the core's own wiring; not API): from a matched location to
 * its handler: {@link dev.webserv.handler.LocationHandler} picks, per request and by
 * strings only (it runs on the event loop), the redirect, the custom handler, a CGI
 * script, or the built-in handler for the method; {@link dev.webserv.handler.ErrorPages}
 * gives server-made errors their page. The built-in handlers live in {@code files} and
 * {@code cgi}; the directives they follow are described in {@code docs/directives.md}.
 *
 * <p>
 * May use: the JDK, the API types, {@code config}, {@code files}, {@code compression}
 * (gzip and gzip_static around a location's handlers), {@code access} (its guard),
 * {@code cgi}, {@code router} (a CGI local redirect is routed again), {@code runtime}
 * (the server's executors and CGI processes) and {@code parser} (its path decoder).
 */
package dev.webserv.handler;
