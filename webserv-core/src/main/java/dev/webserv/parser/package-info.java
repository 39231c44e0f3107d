/**
 * Internal (public only for the core's own wiring; not API): the HTTP/1.1 request codec:
 * bytes in, validated values out, no sockets. {@link dev.webserv.parser.RequestParser}
 * turns a request head into a {@link dev.webserv.parser.RequestHead},
 * {@link dev.webserv.parser.ChunkedDecoder} unwraps a chunked body without copying it,
 * and {@link dev.webserv.parser.PathDecoder} decodes paths and query components for
 * whoever needs them again. Every refusal is a
 * {@link dev.webserv.parser.BadRequestException} naming one
 * {@link dev.webserv.parser.Rejection}, which carries the status and the RFC rule.
 *
 * <p>
 * May use: the JDK and the API types only; no channels, no sockets.
 */
package dev.webserv.parser;
