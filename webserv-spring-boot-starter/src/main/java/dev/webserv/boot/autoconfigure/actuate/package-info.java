/**
 * Actuator for webserv: Actuator's web endpoints served by webserv itself when the
 * application has no Spring MVC or WebFlux (on the main server under
 * {@code management.endpoints.web.base-path}, or on {@code management.server.port} as a
 * listener of its own), the {@code webserv} endpoint, the {@code webserv} health
 * indicator, and readiness refused before a graceful shutdown drains.
 */
package dev.webserv.boot.autoconfigure.actuate;
