/**
 * The Spring side of webserv that applications use:
 * {@link dev.webserv.boot.WebservRoute @WebservRoute} and {@link dev.webserv.boot.Routes}
 * to mount handler beans, {@link dev.webserv.boot.ResultHandler} and
 * {@link dev.webserv.boot.WebservResponses} to answer with strings, bytes, files, streams
 * or JSON, {@link dev.webserv.boot.WebservServerCustomizer} to adjust the core
 * configuration, and {@link dev.webserv.boot.WebservWebServer}, Boot's {@code WebServer}
 * contract around the core server.
 */
package dev.webserv.boot;
