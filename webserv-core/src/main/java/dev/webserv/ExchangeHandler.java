package dev.webserv;

/**
 * Answers a request as an asynchronous {@link HttpExchange}, dispatched as soon as the
 * request head is parsed (before any body byte is read). The layer a reactive framework
 * (Spring WebFlux) runs on. Mount one with
 * {@link dev.webserv.config.VirtualServer.Builder#exchange} or as a virtual server's
 * {@link dev.webserv.config.VirtualServer.Builder#fallback fallback}.
 */
@FunctionalInterface
public interface ExchangeHandler {

	/**
	 * Starts answering the exchange. Runs on the connection's event loop: it must not
	 * block; hand slow work to a thread of your own and answer from there (every
	 * {@link HttpExchange} method may be called from any thread). Anything thrown before
	 * the response is committed becomes a 500; after, the connection is closed.
	 * @param exchange the request and its response, valid until the response ended or the
	 * exchange was aborted
	 * @throws Exception whatever went wrong: the server answers (or closes) for it
	 */
	void handle(HttpExchange exchange) throws Exception;

}
