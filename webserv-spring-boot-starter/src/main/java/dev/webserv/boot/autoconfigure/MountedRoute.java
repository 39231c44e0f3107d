package dev.webserv.boot.autoconfigure;

import java.util.List;

import dev.webserv.config.Route;

/**
 * A handler route found among the beans, with the servers it goes on.
 *
 * @param route the core route, named after its bean
 * @param servers server names; empty means every server
 * @param source where it was declared, for messages ("bean 'users'")
 */
record MountedRoute(Route route, List<String> servers, String source) {
}
