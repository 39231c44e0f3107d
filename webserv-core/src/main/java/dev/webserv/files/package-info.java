/**
 * Internal (public only for the core's own wiring; not API): files as nginx serves them.
 * {@link dev.webserv.files.FileMapping} maps request paths onto a directory (nginx's root
 * or alias) and refuses whatever leaves it; {@link dev.webserv.files.StaticFiles} answers
 * GET and HEAD (types, validators, 304 and 412, ranges, index files, listings) on the
 * event loop, stat and open only; {@link dev.webserv.files.Uploads} stores POST and PUT
 * bodies, raw or multipart, without ever showing a partial file or replacing one;
 * {@link dev.webserv.files.Deletes} removes one file. Uploads and deletes run on workers.
 * {@link dev.webserv.files.StorageFailures} tells a full disk (507) from other write
 * failures, for uploads and the request-body spool alike.
 *
 * <p>
 * May use: the JDK, the API types, {@code config} and {@code writer} (HTTP dates).
 */
package dev.webserv.files;
