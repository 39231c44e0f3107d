/**
 * Files as nginx serves them. {@link dev.webserv.files.FileMapping} maps request paths
 * onto a directory (nginx's root or alias) and refuses whatever leaves it;
 * {@link dev.webserv.files.StaticFiles} answers GET and HEAD (types, validators, 304,
 * ranges, index files, listings) on the event loop, stat and open only;
 * {@link dev.webserv.files.Uploads} stores POST and PUT bodies, raw or multipart, without
 * ever showing a partial file or replacing one; {@link dev.webserv.files.Deletes} removes
 * one file. Uploads and deletes run on workers.
 */
package dev.webserv.files;
