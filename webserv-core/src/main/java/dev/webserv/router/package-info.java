/**
 * Internal (public only for the core's own wiring; not API): where a request goes.
 * {@link dev.webserv.router.VirtualHosts} picks the virtual server by Host,
 * {@link dev.webserv.router.ServerRoutes} the handler route (most literal template wins)
 * or the location (exact, else longest prefix), answering 404, 405 with Allow, or OPTIONS
 * itself. What a location does is its {@link dev.webserv.router.LocationDispatch}'s
 * business, made by the caller: the router names no handler class.
 *
 * <p>
 * May use: the JDK, the API types, {@code config} and {@code compression} (gzip around a
 * server's handler routes).
 */
package dev.webserv.router;
