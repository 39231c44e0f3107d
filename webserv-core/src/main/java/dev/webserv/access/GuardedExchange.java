package dev.webserv.access;

import java.net.InetAddress;

import dev.webserv.ExchangeHandler;
import dev.webserv.HttpExchange;
import dev.webserv.Request;
import dev.webserv.events.ServerEvents;

/**
 * An exchange handler (the layer WebFlux runs on) behind its server's {@code allow} and
 * {@code deny}: the exchange asks {@link #admits} before it calls the handler, and
 * answers a refused client with the server's 403 itself, so a refusal gets the same error
 * page a location's does.
 */
public final class GuardedExchange implements ExchangeHandler {

	private final ExchangeHandler handler;

	private final AccessRules access;

	private final ServerEvents events;

	GuardedExchange(ExchangeHandler handler, AccessRules access, ServerEvents events) {
		this.handler = handler;
		this.access = access;
		this.events = events;
	}

	/**
	 * Whether the real client of a request may reach the handler; a refusal is told to
	 * the events.
	 * @param client the request head as its real client made it (behind trusted proxies)
	 */
	public boolean admits(Request client) {
		InetAddress address = client.remoteAddress().getAddress();
		if (access.allows(address)) {
			return true;
		}
		events.requestRefused(client.route(), "access");
		return false;
	}

	@Override
	public void handle(HttpExchange exchange) throws Exception {
		handler.handle(exchange);
	}

}
