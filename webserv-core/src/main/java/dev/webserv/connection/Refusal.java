package dev.webserv.connection;

import dev.webserv.Response;
import dev.webserv.TlsInfo;
import dev.webserv.config.VirtualServer;
import dev.webserv.handler.ErrorPages;
import dev.webserv.tls.Misdirected;
import dev.webserv.writer.Output;

/**
 * The answer to bad input that came before any request head parsed: the error page of the
 * server the connection's SNI name chose (the address's default server over plain TCP or
 * without SNI, as nginx), with that server's HSTS over TLS, written to the access log
 * once its last byte leaves (or the client goes), as nginx logs a refused head.
 */
final class Refusal implements Output.Sent {

	private final Site site;

	private final VirtualServer server;

	private final ResponseQueue.Queued queued;

	private final int number;

	private final long startedAt;

	private Refusal(Site site, VirtualServer server, ResponseQueue.Queued queued, int number, long startedAt) {
		this.site = site;
		this.server = server;
		this.queued = queued;
		this.number = number;
		this.startedAt = startedAt;
	}

	/**
	 * Queues the error page for {@code status}.
	 * @param number which request of the connection the refused head was, from 1; 0 when
	 * nothing is logged (the connection was already answering)
	 * @param startedAt when the refused head's first byte arrived (nanoTime)
	 */
	static void answer(Site site, int status, int number, long startedAt) {
		TlsInfo tls = site.tls().get();
		VirtualServer server = site.hosts().select(tls == null ? null : tls.serverName()).server();
		Response response = Misdirected.hsts(ErrorPages.apply(Response.error(status), server, null, null), tls, server,
				site.listener());
		ResponseQueue.Queued queued = site.responses().queue(response, null, false);
		if (number > 0) {
			site.responses().whenSent(new Refusal(site, server, queued, number, startedAt));
		}
	}

	@Override
	public void sent() {
		log(queued.status());
	}

	@Override
	public void dropped() {
		log(Exchange.CLIENT_CLOSED);
	}

	private void log(int status) {
		site.logAccess(number, server, null, status, site.responses().sent(queued), site.responses().bodySent(queued),
				startedAt);
	}

}
