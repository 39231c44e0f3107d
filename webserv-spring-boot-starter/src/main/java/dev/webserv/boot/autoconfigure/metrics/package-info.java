/**
 * Micrometer metrics for webserv: the core's {@link dev.webserv.events.ServerEvents}
 * bound to meters ({@code webserv.*} and {@code http.server.requests}), gauges read from
 * the running server, and the uri-tag guard. Every metric is listed with its meaning in
 * docs/metrics.md.
 */
package dev.webserv.boot.autoconfigure.metrics;
