package dev.webserv.access;

import java.net.InetAddress;

/**
 * Who asked and how, once trusted proxies' headers are believed.
 *
 * @param address the client's address
 * @param scheme "http" or "https"
 * @param host the host asked for, lower-cased, without port; null if none is known
 * @param port the port asked for
 */
public record RealClient(InetAddress address, String scheme, String host, int port) {
}
