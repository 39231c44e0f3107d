/**
 * Internal (public only for the core's own wiring; not API): nginx's {@code gzip} and
 * {@code gzip_static} as changes made to a handler's response after it ran:
 * {@link dev.webserv.compression.ResponseCompressor} (on-the-fly gzip, streamed by
 * {@link dev.webserv.compression.GzipStream} off the event loop) and
 * {@link dev.webserv.compression.PrecompressedFiles} (.br and .gz siblings of static
 * files), both deciding by {@link dev.webserv.compression.AcceptEncoding}. The connection
 * needs no change for either. Described in {@code docs/directives.md}.
 *
 * <p>
 * May use: the JDK, the API types, {@code config} and {@code files} (to look a sibling
 * file up as a static file is).
 */
package dev.webserv.compression;
