/**
 * Internal (public only for the core's own wiring; not API): who may ask, and what is
 * added to the answer. {@link dev.webserv.access.LocationGuard} wraps a location's
 * handler and runs nginx's checks in its phase order: {@code limit_req}
 * ({@link dev.webserv.access.RateZone}), {@code limit_conn}
 * ({@link dev.webserv.access.ConnectionZone}), {@code allow}/{@code deny}
 * ({@link dev.webserv.access.AccessRules}), {@code auth_basic}
 * ({@link dev.webserv.access.BasicAuth} over an htpasswd
 * {@link dev.webserv.access.UserFile}, with webserv's own
 * {@link dev.webserv.access.Bcrypt}); then {@code add_header} and {@code expires}
 * ({@link dev.webserv.access.ResponseHeaders}). {@link dev.webserv.access.TrustedProxies}
 * finds the real client behind trusted proxies (X-Forwarded-*, RFC 7239 Forwarded).
 * {@link dev.webserv.access.Guards} holds what one server's locations share. The
 * directives are described in {@code docs/directives.md}.
 *
 * <p>
 * May use: the JDK, the API types, {@code config} and {@code events}.
 */
package dev.webserv.access;
