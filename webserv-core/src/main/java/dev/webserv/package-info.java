/**
 * webserv's public API: {@link dev.webserv.Webserv} (build a server from a
 * {@link dev.webserv.config.ServerConfig}, start it, stop it),
 * {@link dev.webserv.Handler}, {@link dev.webserv.Request}, {@link dev.webserv.Response},
 * the asynchronous {@link dev.webserv.ExchangeHandler} and
 * {@link dev.webserv.HttpExchange}, {@link dev.webserv.Headers},
 * {@link dev.webserv.Status} and {@link dev.webserv.Methods}. With {@code config} and
 * {@code events} this is all a user of the core, the Spring Boot starter included, may
 * name; every other package is internal.
 *
 * <p>
 * How a request travels, package by package: {@code listener} accepts the socket and
 * hands it to an {@code eventloop}; its {@code connection} reads bytes and feeds the
 * {@code parser}; the {@code router} picks the virtual server and the location or route;
 * a {@code handler} (built-in ones in {@code files} and {@code cgi}) makes the response,
 * on the loop or a worker, or an exchange handler streams it from the loop; the
 * {@code writer} encodes and sends it; {@code events} reports what happened.
 *
 * <p>
 * May use: the API types here use only the JDK, {@code config} and {@code events}.
 * {@code Webserv} alone, which assembles a running server, uses every package. The
 * package structure is held by {@code CoreArchitectureTest}.
 */
package dev.webserv;
